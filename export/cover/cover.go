// Package cover designs a book's cover once and draws it twice: as a raster
// image for the EPUB (1600 x 2560 px) and as vector graphics with real,
// searchable text on the first page of the PDF.
package cover

// CONTRACT:
//
//	type Image struct { Data []byte; MediaType string; Width, Height int }
//	type Cover struct{...}
//	// New designs the cover: a supplied image (b.Config.Cover.Image, loaded by
//	// collection as an Asset) fitted on a background, or a generated typographic cover.
//	func New(b *collection.Book, e *text.Engine) (*Cover, []collection.Diagnostic, error)
//	func (c *Cover) Raster() (*Image, error)           // 1600x2560 PNG (or the supplied JPEG/PNG fitted)
//	func (c *Cover) Draw(p *pdfwriter.Page)            // same design on a PDF page of any size
