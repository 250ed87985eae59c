package pdf

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/pdfread"
)

// writePDF lays a book out with the default options and reads it back with
// an independent parser.
func writePDF(t *testing.T, in *render.Input) *pdfread.Doc {
	t.Helper()
	in.Engine = testEngine(t)
	var buf bytes.Buffer
	if _, err := Write(&buf, in, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	d, err := pdfread.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// find returns the lines that contain word, on any page.
func find(d *pdfread.Doc, word string) []pdfread.Line {
	var out []pdfread.Line
	for p := 1; p <= d.Pages; p++ {
		for _, l := range d.Lines[p] {
			if strings.Contains(l.Text, word) {
				out = append(out, l)
			}
		}
	}
	return out
}

// Quotations and lists as deep as the model allows print every word whole,
// at no less than 85% of the body size, in a column no narrower than half
// the text block (a word set letter by letter would not be found whole).
func TestNestedBlocksStayLegible(t *testing.T) {
	src := ""
	for d := 1; d <= 8; d++ {
		src += strings.Repeat("> ", d) + fmt.Sprintf("Quoted%d words at depth %d of the nesting.\n\n", d, d)
	}
	for d := 0; d < 8; d++ {
		src += strings.Repeat("  ", d) + fmt.Sprintf("- Item%d of a list %d deep\n", d, d+1)
	}
	b := handBook(t, "en", "ltr", src)
	d := writePDF(t, &render.Input{Book: b})
	body := DefaultOptions().FontSize
	for _, w := range []string{"Quoted1", "Quoted8", "Item0", "Item7"} {
		ls := find(d, w)
		if len(ls) == 0 {
			t.Errorf("%q is not printed whole", w)
			continue
		}
		if ls[0].Size < body*0.84 {
			t.Errorf("%q printed at %.1f pt, less than 85%% of %g", w, ls[0].Size, body)
		}
	}
	deep, shallow := find(d, "Quoted8"), find(d, "Quoted1")
	if len(deep) > 0 && len(shallow) > 0 {
		o := DefaultOptions()
		textW := o.Width - o.Margins.Inner - o.Margins.Outer
		if indent := deep[0].X - shallow[0].X; indent > textW/2 {
			t.Errorf("the deepest quotation is indented %.0f pt of a %.0f pt column", indent, textW)
		}
	}
}

// A table too wide for the page is set in smaller type, down to the floor,
// and in groups of columns: every cell is printed, and on every row no two
// cells are closer than a column's least width (500 columns used to
// overprint).
func TestWideTable(t *testing.T) {
	const cols, rows = 40, 3
	var src strings.Builder
	for r := -1; r < rows; r++ {
		src.WriteString("|")
		for c := 0; c < cols; c++ {
			if r == -1 {
				fmt.Fprintf(&src, " h%d |", c)
			} else {
				fmt.Fprintf(&src, " c%dr%d |", c, r)
			}
		}
		src.WriteString("\n")
		if r == -1 {
			src.WriteString("|" + strings.Repeat("---|", cols) + "\n")
		}
	}
	b := handBook(t, "en", "ltr", "Before the table.\n\n"+src.String()+"\nAfter the table.\n")
	d := writePDF(t, &render.Input{Book: b})
	floor := DefaultOptions().FontSize * 0.88 * minTableScale
	for c := 0; c < cols; c++ {
		for r := 0; r < rows; r++ {
			if ls := find(d, fmt.Sprintf("c%dr%d", c, r)); len(ls) != 1 || ls[0].Size < floor-0.01 {
				t.Fatalf("cell c%dr%d printed %d times (%+v), want once at %.2f pt or more", c, r, len(ls), ls, floor)
			}
		}
	}
	for p := 1; p <= d.Pages; p++ {
		byRow := map[float64][]float64{}
		size := map[float64]float64{}
		for _, l := range d.Lines[p] {
			if strings.HasPrefix(l.Text, "c") && strings.Contains(l.Text, "r") {
				y := math.Round(l.Y)
				byRow[y] = append(byRow[y], l.X)
				size[y] = l.Size
			}
		}
		for y, xs := range byRow {
			sort.Float64s(xs)
			for i := 1; i < len(xs); i++ {
				if gap := xs[i] - xs[i-1]; gap < minColumnEms*size[y]-0.01 {
					t.Fatalf("page %d: cells %.1f pt apart on a row, less than %g ems of %.1f pt", p, gap, minColumnEms, size[y])
				}
			}
		}
	}
	if h := find(d, "h0"); len(h) != 1 {
		t.Errorf("the first column's header is printed %d times", len(h))
	}
	// The header rows of each group of columns are its own.
	if len(find(d, "h39")) != 1 || len(find(d, "h20")) != 1 {
		t.Errorf("headers of later groups missing")
	}
}

// fitTable: the type shrinks only as far as it must, then no further than
// the floor, and groups appear only when the floor is not enough.
func TestFitTable(t *testing.T) {
	for _, tt := range []struct {
		natural     []float64
		width, size float64
		wantSize    float64
		wantGroups  int
	}{
		{[]float64{50, 50}, 300, 10, 10, 1},
		{[]float64{100, 100, 100, 100}, 300, 10, 7.5, 1},
		{[]float64{100, 100, 100, 100, 100, 100}, 300, 10, 7, 1},
		{make40(30), 300, 10, 7, 3},
	} {
		size, groups := fitTable(tt.natural, tt.width, tt.size)
		if math.Abs(size-tt.wantSize) > 1e-9 || len(groups) != tt.wantGroups {
			t.Errorf("fitTable(%d columns) = %.2f pt, %d groups; want %.2f, %d", len(tt.natural), size, len(groups), tt.wantSize, tt.wantGroups)
		}
		seen := 0
		for _, g := range groups {
			for _, j := range g {
				if j != seen {
					t.Fatalf("groups %v do not cover the columns in order", groups)
				}
				seen++
			}
		}
	}
}

func make40(w float64) []float64 {
	out := make([]float64, 40)
	for i := range out {
		out[i] = w
	}
	return out
}
