// Package epub writes a Book as an EPUB 3.3 package: our own packager on
// archive/zip and the templates in /templates (DEVELOPERS.md says why not go-epub).
package epub

// CONTRACT:
//
//	type Options struct {
//	    Fonts *text.FontSet          // the faces to embed (those the book uses)
//	    Cover *cover.Image           // raster cover: {Data []byte; MediaType string; Width, Height int}
//	    Warn  func(collection.Diagnostic)
//	}
//	func Write(w io.Writer, b *collection.Book, opt Options) error   // same inputs, same bytes
