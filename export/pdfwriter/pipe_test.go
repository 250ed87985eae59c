package pdfwriter

import (
	"bytes"
	"crypto/md5"
	"math/rand/v2"
	"testing"
)

// A pipe passes on every byte, in order, however the writes are cut,
// across many chunks, and its hash is the hash of what was written.
func TestPipeWriterOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var want bytes.Buffer
	var got bytes.Buffer
	p := newPipeWriter(&got)
	for want.Len() < 10*pipeChunk*pipeChunks {
		n := r.IntN(3 * pipeChunk / 2)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		switch r.IntN(3) {
		case 0:
			p.Write(b)
		case 1:
			p.WriteString(string(b))
		default:
			for _, c := range b[:min(len(b), 100)] {
				p.WriteByte(c)
			}
			b = b[:min(len(b), 100)]
		}
		want.Write(b)
		clear(b) // the pipe must have copied it
	}
	p.Close()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("got %d bytes, want %d (or different bytes)", got.Len(), want.Len())
	}

	h := md5.New()
	q := newPipeWriter(h)
	q.Write(want.Bytes())
	q.Close()
	if s := md5.Sum(want.Bytes()); !bytes.Equal(h.Sum(nil), s[:]) {
		t.Fatal("the hash through the pipe differs")
	}
}
