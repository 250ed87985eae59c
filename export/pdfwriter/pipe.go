package pdfwriter

import "io"

// pipeWriter hands what is written to it, in order, to a writer on another
// goroutine, in chunks: what writes and what takes the bytes (a hash, a
// compressor) then run on two cores at once. The bytes reach dst in the
// order they were written, cut differently; the hash and the compressors it
// is used with give the same result however their input is cut. A few
// chunks circulate, so the memory held is bounded whatever passes.
type pipeWriter struct {
	buf  []byte        // the chunk being filled
	full chan []byte   // chunks for dst, in order
	free chan []byte   // chunks dst is done with
	done chan struct{} // closed when dst has taken everything
}

const (
	pipeChunk  = 64 << 10
	pipeChunks = 4
)

func newPipeWriter(dst io.Writer) *pipeWriter {
	p := &pipeWriter{
		buf:  make([]byte, 0, pipeChunk),
		full: make(chan []byte, pipeChunks),
		free: make(chan []byte, pipeChunks),
		done: make(chan struct{}),
	}
	for range pipeChunks - 1 {
		p.free <- make([]byte, 0, pipeChunk)
	}
	go func() {
		defer close(p.done)
		for b := range p.full {
			dst.Write(b)
			p.free <- b[:0]
		}
	}()
	return p
}

// send passes the chunk filled so far on, and takes an empty one.
func (p *pipeWriter) send() {
	p.full <- p.buf
	p.buf = <-p.free
}

func (p *pipeWriter) Write(b []byte) (int, error) { return pipeAppend(p, b), nil }

func (p *pipeWriter) WriteString(s string) (int, error) { return pipeAppend(p, s), nil }

// pipeAppend appends b to p's chunks, passing each on once full.
func pipeAppend[B string | []byte](p *pipeWriter, b B) int {
	n := len(b)
	for len(b) > 0 {
		if len(p.buf) == cap(p.buf) {
			p.send()
		}
		k := min(len(b), cap(p.buf)-len(p.buf))
		p.buf = append(p.buf, b[:k]...)
		b = b[k:]
	}
	return n
}

func (p *pipeWriter) WriteByte(c byte) error {
	if len(p.buf) == cap(p.buf) {
		p.send()
	}
	p.buf = append(p.buf, c)
	return nil
}

// Close passes on what is left and waits until dst has taken it all. The
// pipe is not written after.
func (p *pipeWriter) Close() {
	if len(p.buf) > 0 {
		p.full <- p.buf
	}
	p.buf = nil
	close(p.full)
	<-p.done
}
