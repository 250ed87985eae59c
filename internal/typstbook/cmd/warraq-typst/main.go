// Command warraq-typst writes a Warraq collection as one Typst document set
// like Warraq's PDF, for scripts/typography.sh to compare the two:
//
//	go run ./internal/typstbook/cmd/warraq-typst -o OUTDIR COLLECTION
//
// OUTDIR receives book.typ and the images it shows. The page and type come
// from the collection's book.yaml pdf: section, as Warraq reads it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/internal/typstbook"
)

func main() {
	out := flag.String("o", "", "output directory for book.typ")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: warraq-typst -o OUTDIR COLLECTION")
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	b, err := export.Load(flag.Arg(0), collection.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "warraq-typst:", err)
		os.Exit(1)
	}
	o, ok := b.Formats["pdf"].(pdf.Options)
	if !ok {
		o = pdf.DefaultOptions()
	}
	s := typstbook.Settings{Width: o.Width, Height: o.Height, Top: o.Margins.Top, Bottom: o.Margins.Bottom,
		Inner: o.Margins.Inner, Outer: o.Margins.Outer, Size: o.FontSize, Leading: o.Leading, Font: b.Config.Fonts.Body}
	if s.Font == "" {
		s.Font = "Amiri"
	}
	if err := typstbook.Write(*out, b, s); err != nil {
		fmt.Fprintln(os.Stderr, "warraq-typst:", err)
		os.Exit(1)
	}
}
