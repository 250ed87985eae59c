package pdfwriter

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
)

// Object streams (PDF 1.5, 7.5.7) for the structure tree. A tagged book
// has one marked-content identifier per /ActualText span (three per Arabic
// word), each with its entry in an element's /K and in the ParentTree:
// written as plain objects they were most of the growth tagging brought
// (3 MB of the 100-article corpus's 3.9 MB). Packed into compressed object
// streams they take a fraction of that; such a file needs a cross-reference
// stream instead of the classic table. A document with nothing packed (an
// untagged one) is written exactly as before.

// objStreamSize is the most objects put in one object stream: a reader
// inflates a whole stream to get one object out of it.
const objStreamSize = 400

// setPacked sets the body of object n, to be written in an object stream.
func (w *objWriter) setPacked(n int, body string) {
	w.set(n, body)
	if w.packed == nil {
		w.packed = map[int]bool{}
	}
	w.packed[n] = true
}

// finishPacked is finish for a file with packed objects: the objects that
// are not packed, then the object streams, then a cross-reference stream
// (which also holds the trailer's entries).
func (w *objWriter) finishPacked(out io.Writer, catalog, info int) error {
	bw := bufio.NewWriter(out)
	var pos int
	put := func(b []byte) {
		n, _ := bw.Write(b)
		pos += n
	}
	put([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	type entry struct {
		kind       byte // 1 at an offset, 2 in an object stream
		off, index int
	}
	// The object streams get the numbers after the last object, then the
	// cross-reference stream its own.
	var order []int
	for n := 1; n <= len(w.objs); n++ {
		if w.packed[n] {
			order = append(order, n)
		}
	}
	h := md5.New()
	var streams [][]byte
	entries := make([]entry, len(w.objs)+1)
	first := len(w.objs) + 1
	for k := 0; k < len(order); k += objStreamSize {
		group := order[k:min(k+objStreamSize, len(order))]
		var head, body bytes.Buffer
		for i, n := range group {
			head.WriteString(strconv.Itoa(n) + " " + strconv.Itoa(body.Len()) + " ")
			body.Write(w.objs[n-1])
			body.WriteByte('\n')
			h.Write(w.objs[n-1])
			entries[n] = entry{kind: 2, off: first + len(streams), index: i}
		}
		data := append(head.Bytes(), body.Bytes()...)
		streams = append(streams, []byte(w.stream(fmt.Sprintf("/Type /ObjStm /N %d /First %d", len(group), head.Len()), data, true)))
	}
	for i, body := range w.objs {
		n := i + 1
		if w.packed[n] {
			continue
		}
		entries[n] = entry{kind: 1, off: pos}
		put([]byte(strconv.Itoa(n) + " 0 obj\n"))
		put(body)
		put([]byte("\nendobj\n"))
		h.Write(body)
	}
	for i, s := range streams {
		n := first + i
		entries = append(entries, entry{kind: 1, off: pos})
		put([]byte(strconv.Itoa(n) + " 0 obj\n"))
		put(s)
		put([]byte("\nendobj\n"))
	}
	xrefNum := first + len(streams)
	entries = append(entries, entry{kind: 1, off: pos})
	size := xrefNum + 1
	// Fields: type (1 byte), offset or object stream (4), generation or index (2).
	var table bytes.Buffer
	for n, e := range entries {
		f2, f3 := e.off, e.index
		if n == 0 {
			f3 = 65535 // the head of the free list
		}
		table.Write([]byte{e.kind, byte(f2 >> 24), byte(f2 >> 16), byte(f2 >> 8), byte(f2), byte(f3 >> 8), byte(f3)})
	}
	id := hex.EncodeToString(h.Sum(nil)) // from the content, never the clock
	dict := fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]", size, catalog, info, id, id)
	xref := pos
	put([]byte(strconv.Itoa(xrefNum) + " 0 obj\n"))
	put([]byte(w.stream(dict, table.Bytes(), true)))
	put([]byte("\nendobj\n"))
	put([]byte("startxref\n" + strconv.Itoa(xref) + "\n%%EOF\n"))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pdfwriter: write: %w", err)
	}
	return nil
}
