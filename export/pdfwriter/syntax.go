package pdfwriter

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
)

// Flate levels are fixed so the same input always compresses to the same
// bytes (for one version of the compressor, which go.sum pins: another
// version may choose other matches). The compressor is klauspost/compress's
// rather than the standard library's: on the 1,000-article book's 200 MB
// of page content its level 1 took 0.53 s against 0.97 s, for 5% fewer
// bytes; its level 6 compressed the object streams in a third of the time
// to the same size. Page content is most of a book and is written with the
// fastest level (with the standard library, level 6 took 3-4 times as long
// on the 300-page benchmark for a file 30% smaller); fonts, images and
// CMaps are written once each and get the best compression. The object
// streams (page dictionaries, the structure tree: a quarter of the PDF's
// work in a rebuild from the cache) get the default level: on the
// 1,000-article book 0.5 s of CPU less than the best, for a file 0.15%
// larger (the samples' 0.1%).
const (
	contentLevel  = zlib.BestSpeed
	resourceLevel = zlib.BestCompression
	objectLevel   = zlib.DefaultCompression
)

// deflater compresses streams at one level, reusing its compressor
// (allocating one per stream cost more than compressing a small page).
type deflater struct {
	level int
	buf   bytes.Buffer
	w     *zlib.Writer
}

func (d *deflater) deflate(data []byte) []byte {
	return d.deflateFrom(func(w io.Writer) { w.Write(data) })
}

// deflateFrom compresses what write writes (the output does not depend on
// how it is cut into writes).
func (d *deflater) deflateFrom(write func(io.Writer)) []byte {
	d.buf.Reset()
	if d.w == nil {
		d.w, _ = zlib.NewWriterLevel(&d.buf, d.level) // the levels above are valid
	} else {
		d.w.Reset(&d.buf)
	}
	write(d.w)
	d.w.Close()
	return d.buf.Bytes()
}

// A page's content stream is one zlib stream made of two deflate
// segments compressed apart: the body's, ended by a sync flush (so the
// next block starts on a byte), and the furniture's, which ends the
// stream; the checksum is the Adler-32 of both, combined. The body's
// segment does not depend on what follows it, so a replayed body (record.go)
// is written as it was recorded.

// zlibHeader is the two bytes zlib starts a stream compressed at
// contentLevel with (deflate, 32 KiB window, "fastest" level).
var zlibHeader = []byte{0x78, 0x01}

// segmenter compresses page segments at contentLevel, reusing its
// compressor.
type segmenter struct {
	buf bytes.Buffer
	w   *flate.Writer
}

// segment compresses data as raw deflate blocks: ended by a sync flush
// when last is false, by the final block when it is true. The result is
// appended to the segmenter's buffer, and valid until the buffer is reset
// (compress in write.go puts a page's segments one after the other in it,
// each compressed on its own).
func (s *segmenter) segment(data []byte, last bool) []byte {
	start := s.buf.Len()
	if s.w == nil {
		s.w, _ = flate.NewWriter(&s.buf, contentLevel)
	} else {
		s.w.Reset(&s.buf)
	}
	s.w.Write(data)
	if last {
		s.w.Close()
	} else {
		s.w.Flush()
	}
	return s.buf.Bytes()[start:]
}

// adlerSum is the Adler-32 of p (hash/adler32's Checksum), sixteen bytes
// at a time: with A the running byte sum and B the sum of A after each
// byte, bytes b0..b15 add their sum to A and 16·A + 16·b0 + 15·b1 + ... +
// b15 to B. The sums are taken in 16-bit lanes of a word (two bytes a
// lane, then a multiply that adds the lanes, or weighs them, into the top
// one). Every page's content is checksummed whole; byte by byte it was 2%
// of a PDF build's instructions.
func adlerSum(p []byte) uint32 {
	const (
		mod   = 65521
		nmax  = 5552 // bytes before B can overflow; a multiple of 16
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		desc  = 0x0004000300020001 // weighs lane k by 4-k in the top lane
	)
	a, b := uint32(1), uint32(0)
	for len(p) > 0 {
		q := p[:min(len(p), nmax)]
		p = p[len(q):]
		for ; len(q) >= 16; q = q[16:] {
			v, u := binary.LittleEndian.Uint64(q), binary.LittleEndian.Uint64(q[8:])
			odd, uodd := v>>8&lanes, u>>8&lanes // b1, b3, b5, b7 (and of u)
			pairs, upairs := v&lanes+odd, u&lanes+uodd
			// Of eight bytes, 8·b0 + 7·b1 + ... + b7 is
			// 2·(4·(b0+b1) + 3·(b2+b3) + ...) - (b1+b3+b5+b7).
			w := 2*uint32((pairs+upairs)*desc>>48) - uint32((odd+uodd)*ones>>48)
			first := uint32(pairs * ones >> 48)
			b += 16*a + 8*first + w
			a += first + uint32(upairs*ones>>48)
		}
		for _, c := range q {
			a += uint32(c)
			b += a
		}
		a %= mod
		b %= mod
	}
	return b<<16 | a
}

// adlerCombine is the Adler-32 of x followed by y, from x's and y's and
// y's length: with A = 1 + the bytes' sum and B = the sum of A after each
// byte, A(xy) = A(x) + A(y) - 1 and B(xy) = B(x) + B(y) + len(y)·(A(x) - 1).
func adlerCombine(x, y uint32, ylen int) uint32 {
	const mod = 65521
	ax, bx := uint64(x&0xffff), uint64(x>>16)
	ay, by := uint64(y&0xffff), uint64(y>>16)
	a := (ax + ay + mod - 1) % mod
	b := (bx + by + uint64(ylen)%mod*((ax+mod-1)%mod)) % mod
	return uint32(b<<16 | a)
}

// num formats a real number with at most three decimals and no exponent, as
// PDF syntax requires.
func num(v float64) string {
	var b [32]byte
	return string(appendNum(b[:0], v, 3))
}

func appendNum(b []byte, v float64, prec int) []byte {
	if v != v || v > 1e9 || v < -1e9 { // NaN or absurd values from bad input
		v = 0
	}
	if b, ok := appendNumFast(b, v, prec); ok {
		return b
	}
	return appendNumSlow(b, v, prec)
}

// appendNumSlow is appendNum by strconv, for every value.
func appendNumSlow(b []byte, v float64, prec int) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	if bytes.IndexByte(b[start:], '.') >= 0 {
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
		if b[len(b)-1] == '.' {
			b = b[:len(b)-1]
		}
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}

// pow10 are the precisions appendNumFast takes.
var pow10 = [...]float64{1, 10, 100, 1000}

// appendNumFast is appendNum with integer arithmetic, the numbers of a
// content stream being most of drawing it; ok is false, and nothing is
// appended, when v is too large or too near halfway between two results
// for the scaled product to round as strconv rounds v itself (exactly,
// ties to even). Below 2^31 the product is within 2^-21 of v·10^prec.
// The digits are written in place, two at a time from the last, by
// divisions by constants (which the compiler makes multiplications): with
// strconv's AppendUint for the whole part and a division by a power of ten
// per fraction digit it took twice the instructions.
func appendNumFast(b []byte, v float64, prec int) ([]byte, bool) {
	if prec < 0 || prec >= len(pow10) {
		return b, false
	}
	neg := v < 0
	if neg {
		v = -v
	}
	scaled := v * pow10[prec]
	if !(scaled < 1<<31) {
		return b, false
	}
	// For 0 <= x < 2^31 the conversion truncates, which is math.Floor
	// (to a signed integer: one instruction, where an unsigned one is
	// several).
	if frac := scaled - float64(int64(scaled)); math.Abs(frac-0.5) < 1e-5 {
		return b, false
	}
	n := uint32(int64(scaled + 0.5))
	if n == 0 {
		return append(b, '0'), true
	}
	// The fraction without its trailing zeros, and its digits.
	whole, frac, fd := n, uint32(0), 0
	switch prec {
	case 1:
		whole, frac = n/10, n%10
		fd = 1
	case 2:
		whole, frac = n/100, n%100
		fd = 2
	case 3:
		whole, frac = n/1000, n%1000
		fd = 3
	}
	if frac == 0 {
		fd = 0
	}
	for fd > 0 && frac%10 == 0 {
		frac /= 10
		fd--
	}
	var wd int // the whole part's digits
	switch {
	case whole < 10:
		wd = 1
	case whole < 100:
		wd = 2
	case whole < 1000:
		wd = 3
	default:
		wd = 4
		for t := whole / 10000; t > 0; t /= 10 {
			wd++
		}
	}
	size := wd
	if fd > 0 {
		size += 1 + fd
	}
	if neg {
		size++
	}
	if cap(b)-len(b) < size {
		b = slices.Grow(b, size)
	}
	k := len(b)
	b = b[:k+size]
	d := b[k:]
	i := size
	for ; fd > 0; fd-- {
		i--
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	if i < size {
		i--
		d[i] = '.'
	}
	for whole >= 100 {
		q := whole / 100
		r := (whole - q*100) * 2
		i -= 2
		d[i], d[i+1] = digitPairs[r], digitPairs[r+1]
		whole = q
	}
	if whole >= 10 {
		i -= 2
		d[i], d[i+1] = digitPairs[whole*2], digitPairs[whole*2+1]
	} else {
		i--
		d[i] = byte('0' + whole)
	}
	if neg {
		d[0] = '-'
	}
	return b, true
}

// appendInt appends v in decimal, as strconv.AppendInt(b, v, 10) does,
// without its calls: the structure's numbers (marked-content identifiers,
// object numbers) are half a million at 100 articles.
func appendInt(b []byte, v int) []byte {
	if v < 0 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	if v < 10 {
		return append(b, byte('0'+v))
	}
	var a [20]byte
	i := len(a)
	u := uint64(v)
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		a[i], a[i+1] = digitPairs[r], digitPairs[r+1]
		u = q
	}
	if u >= 10 {
		i -= 2
		a[i], a[i+1] = digitPairs[u*2], digitPairs[u*2+1]
	} else {
		i--
		a[i] = byte('0' + u)
	}
	return append(b, a[i:]...)
}

// digitPairs are the numbers 00 to 99, two digits each.
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// textString encodes s as a PDF text string: a literal string when it is
// printable ASCII, otherwise UTF-16BE with a byte-order mark in hex.
func textString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		var b bytes.Buffer
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '(' || c == ')' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
		b.WriteByte(')')
		return b.String()
	}
	return "<FEFF" + utf16Hex(s) + ">"
}

// appendUTF16Hex appends utf16Hex(s) to b.
func appendUTF16Hex(b []byte, s string) []byte {
	for _, r := range s {
		b = appendUTF16HexRune(b, r)
	}
	return b
}

// appendUTF16HexRune appends r as utf16Hex writes it: in one or two UTF-16
// units, U+FFFD for what is not a character (as utf16.Encode).
func appendUTF16HexRune(b []byte, r rune) []byte {
	const hexdigits = "0123456789ABCDEF"
	var u [2]uint16
	for _, c := range utf16.AppendRune(u[:0], r) {
		b = append(b, hexdigits[c>>12], hexdigits[c>>8&15], hexdigits[c>>4&15], hexdigits[c&15])
	}
	return b
}

// utf16Hex is s in UTF-16BE as upper-case hex digits.
func utf16Hex(s string) string {
	const hexdigits = "0123456789ABCDEF"
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 4*len(u))
	for _, c := range u {
		b = append(b, hexdigits[c>>12], hexdigits[c>>8&15], hexdigits[c>>4&15], hexdigits[c&15])
	}
	return string(b)
}

// name encodes s as a PDF name object, escaping delimiters, whitespace and
// non-ASCII bytes as #xx.
func name(s string) string {
	const hexdigits = "0123456789ABCDEF"
	b := []byte{'/'}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || bytes.IndexByte([]byte("#/()<>[]{}%"), c) >= 0 {
			b = append(b, '#', hexdigits[c>>4], hexdigits[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// pdfDate formats t as a PDF date string D:YYYYMMDDHHmmSS+HH'mm'.
func pdfDate(t time.Time) string {
	s := "D:" + t.Format("20060102150405")
	_, off := t.Zone()
	if off == 0 {
		return s + "Z"
	}
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	return s + string(sign) + twoDigits(off/3600) + "'" + twoDigits(off%3600/60) + "'"
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}
