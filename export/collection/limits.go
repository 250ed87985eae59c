package collection

// The limits of what one build reads. Each is far above what a book needs
// and low enough that no input makes a build take more than 1 GB: measured
// on the PDF, the heaviest format, a Markdown article costs about 110 bytes
// of memory per byte while it is laid out and 40 per byte once its pages are
// made (a 6.5 MB article peaked at 800 MB, a 50 MB one at 5.1 GB; 20 MB in
// 3,000 articles at 870 MB). An image costs its decoded pixels while it is
// checked, so the largest are refused from their header, the large ones are
// scaled down, and no more than decodeBudget of pixels is decoded at once.
// README's guarantees section lists them; keep the two in step.
const (
	// maxArticleBytes is one Markdown file: about 95,000 Arabic words,
	// 350 A5 pages. A file is also the PDF's unit of work: one this large
	// set as a single paragraph peaked at 580 MB at 2 MB.
	maxArticleBytes = 1 << 20
	// maxBookBytes is the selected articles together: about 15,000 A5
	// pages, 5,000 generated articles of some 6.8 KB (32.5 MiB). What the
	// build holds for the whole book is kept small (each article's model
	// encoded, the PDF's finished structure packed), so a book this large of
	// prose peaks near 250 MB and of the densest text under 1 GB.
	maxBookBytes = 36 << 20
	// maxReadBytes is every Markdown file the selection reads before the
	// front-matter filters (draft, tags, dates) leave some out.
	maxReadBytes = 64 << 20

	// maxPixels is one image, refused from its header before any pixel is
	// decoded: a 48-megapixel photograph is accepted.
	maxPixels = 50_000_000
	// maxSide is the longest side an image keeps: a larger one is scaled
	// down to it (14 inches at 300 dpi, more than any page or screen shows).
	maxSide = 4096
	// maxImageBytes is all the images of the book together, as carried in
	// the EPUB and the PDF.
	maxImageBytes = 256 << 20
	// decodeBudget bounds the memory of the images being decoded at once;
	// one image heavier than this is decoded alone.
	decodeBudget = 512 << 20

	// maxFontBytes is one font file book.yaml's fonts: names: the largest
	// fonts a book uses fit (Noto Sans CJK JP, variable, 30.8 MB). A font
	// costs about four times its size while a book is made (that one took
	// the peak memory of a small book from 97 MB to 211 MB), and fonts:
	// may name twelve files (three roles, four styles each), so
	// maxFontsBytes bounds them together.
	maxFontBytes  = 32 << 20
	maxFontsBytes = 64 << 20
)
