// Package runememo remembers a question's answer for each character asked
// about. The pipeline asks of every character of a book whether a font has
// it, whether it is a letter or a space (unicode's table searches, map
// look-ups); a book of a few million characters uses a few hundred
// distinct ones, so each is asked once and then read from a bit.
package runememo

import "sync/atomic"

// Memo answers f(r), calling f about once per character of the Basic
// Multilingual Plane (two goroutines asking at once may both call it) and
// every time for the others. It is safe for concurrent use.
type Memo struct {
	f          func(rune) bool
	known, yes *[1 << 16 / 64]atomic.Uint64
}

// New returns a Memo of f, which must give the same answer every time and
// be safe for concurrent use.
func New(f func(rune) bool) *Memo {
	return &Memo{f: f, known: new([1 << 16 / 64]atomic.Uint64), yes: new([1 << 16 / 64]atomic.Uint64)}
}

// Is returns f(r).
func (m *Memo) Is(r rune) bool {
	if r < 0 || r >= 1<<16 {
		return m.f(r)
	}
	w, bit := r>>6, uint64(1)<<(r&63)
	if m.known[w].Load()&bit == 0 {
		// The answer first: a goroutine that sees the character known
		// reads it.
		if m.f(r) {
			m.yes[w].Or(bit)
		}
		m.known[w].Or(bit)
	}
	return m.yes[w].Load()&bit != 0
}
