package export

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/testdir"
)

// Dates are never invented. A book without any date says so once; its EPUB
// has no dc:date and the modification time EPUB requires is the documented
// collection.NoDate; its PDF has no creation date. SOURCE_DATE_EPOCH gives
// both files their timestamp and still no publication date.
func TestNoInventedDates(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"a.md": "# عنوان\n\nنص بلا تاريخ.\n"})
	epoch := time.Date(2024, 6, 7, 8, 9, 10, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		epoch    time.Time
		modified string // dcterms:modified
		pdfDate  string // in the Info dictionary, "" for none
		warns    bool
	}{
		{"no date at all", time.Time{}, "1980-01-01T00:00:00Z", "", true},
		{"SOURCE_DATE_EPOCH", epoch, "2024-06-07T08:09:10Z", "D:20240607080910", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			m, err := Build(context.Background(), dir, Options{OutDir: out, Selection: collection.Options{Epoch: tt.epoch}})
			if err != nil {
				t.Fatal(err)
			}
			warned := len(m.Warnings) == 1 && strings.Contains(m.Warnings[0],
				"the book has no date: give book.yaml a date: (or the articles theirs, or set SOURCE_DATE_EPOCH); until then neither file gives a publication or creation date, and the EPUB's modification time, which EPUB requires, is 1980-01-01T00:00:00Z")
			if warned != tt.warns || !tt.warns && len(m.Warnings) != 0 {
				t.Errorf("warnings %q", m.Warnings)
			}
			if tt.warns != (m.Book.Modified == "") {
				t.Errorf("manifest modified %q", m.Book.Modified)
			}
			opf := zipFile(t, m.Outputs[0].Path, "OEBPS/content.opf")
			if strings.Contains(opf, "<dc:date") {
				t.Errorf("the EPUB has a dc:date it was never given:\n%s", opf)
			}
			if !strings.Contains(opf, `<meta property="dcterms:modified">`+tt.modified+`</meta>`) {
				t.Errorf("dcterms:modified is not %s:\n%s", tt.modified, opf)
			}
			pdf, err := os.ReadFile(m.Outputs[1].Path)
			if err != nil {
				t.Fatal(err)
			}
			dates := regexp.MustCompile(`/CreationDate \((D:\d{14})`).FindAllSubmatch(pdf, -1)
			switch {
			case tt.pdfDate == "" && len(dates) > 0:
				t.Errorf("the PDF has a creation date %s it was never given", dates[0][1])
			case tt.pdfDate != "" && (len(dates) != 1 || string(dates[0][1]) != tt.pdfDate):
				t.Errorf("PDF creation dates %q, want %s", dates, tt.pdfDate)
			}
		})
	}
}

func zipFile(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			data, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

// A Hijri date outside the Umm al-Qura tables is the same warning, at the
// article's date: line, whichever formats are built, and the EPUB writes
// that date in the Gregorian calendar while the one inside gets its Hijri.
func TestHijriOutOfRangeWarnsInEveryFormat(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\nlanguage: ar\ndates: hijri\ndate: 2024-03-11\n",
		"old.md":    "---\ntitle: قديم\ndate: 1900-03-01\n---\n\nنص قديم.\n",
		"new.md":    "---\ntitle: جديد\ndate: 2024-03-11\n---\n\nنص جديد.\n",
	})
	const want = "old.md:3: warning: date: 1900-03-01 is outside the Hijri (Umm al-Qura) calendar Warraq writes (1924-08-02 to 2077-11-16), so this article's date is written in the Gregorian calendar in its place (book.yaml's dates: asks for hijri)"
	for _, format := range Formats {
		m, err := Build(context.Background(), dir, Options{Formats: []string{format}, OutDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(m.Warnings) != 1 || m.Warnings[0] != want {
			t.Errorf("%s: warnings %q, want %q", format, m.Warnings, want)
		}
		if format != "epub" {
			continue
		}
		old, cur := zipFile(t, m.Outputs[0].Path, "OEBPS/text/old.xhtml"), zipFile(t, m.Outputs[0].Path, "OEBPS/text/new.xhtml")
		if !strings.Contains(old, "1 مارس 1900") || !strings.Contains(cur, "1 رمضان 1445") {
			t.Errorf("EPUB dates: the old article's is not Gregorian or the new one's not Hijri")
		}
	}
}
