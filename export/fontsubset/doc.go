// Package fontsubset cuts a TrueType-flavoured OpenType font down to the
// glyphs a text needs, keeping its shaping exact, for formats that embed
// fonts a reader's own shaper will use (the EPUB).
//
// Exact means: every glyph the font's GSUB can produce from the text's
// characters is kept (the closure), and GSUB, GPOS and GDEF are kept too,
// rewritten for the kept glyphs, so HarfBuzz, CoreText or DirectWrite shape
// each word of the text with the subset as they would with the whole font.
// The PDF writer subsets differently (export/pdfwriter): it places glyphs
// already shaped, so it drops the layout tables, which a PDF viewer never
// reads.
//
// Glyphs are renumbered by default, in their original order, so coverage
// tables stay sorted; Options.RetainGIDs keeps each glyph's number and
// leaves the others empty. Renumbering is the smaller of the two (measured on
// the samples' Amiri Regular: 59 KB against 63 KB deflated), since retained
// numbers keep a loca and hmtx entry for every glyph of the font.
//
// What the package does not do, it refuses with ErrUnsupported, so a caller
// can embed the font whole instead of shipping a font that shapes wrongly:
// CFF outlines, font collections, variable fonts (gvar, FeatureVariations,
// GDEF's ItemVarStore), colour and bitmap tables, and a legacy kern table
// without GPOS.
package fontsubset
