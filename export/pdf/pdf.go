// Package pdf lays a Book out as a printed book — cover, title page, table of
// contents, parts and articles, running heads, folios, footnotes — on top of the
// text engine (export/text) and writes it with export/pdfwriter.
package pdf

// CONTRACT:
//
//	type Options struct {
//	    Engine *text.Engine          // shared engine (its FontSet holds the faces)
//	    Cover  *cover.Cover          // drawn as the first page (vector, real text)
//	    Warn   func(collection.Diagnostic)
//	}
//	type Result struct { Pages int }
//	func Write(w io.Writer, b *collection.Book, opt Options) (Result, error)
