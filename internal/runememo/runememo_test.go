package runememo

import (
	"testing"
	"unicode"
)

// A Memo gives f's answer for every character, in and beyond the Basic
// Multilingual Plane, asked once or many times, and asks f once per
// character of the plane.
func TestMemoIsF(t *testing.T) {
	calls := map[rune]int{}
	f := func(r rune) bool { calls[r]++; return unicode.IsLetter(r) || r == 0x1F600 }
	m := New(f)
	for round := range 3 {
		for _, r := range []rune{-1, 0, ' ', 'a', 0x627, 0x660, 0xFFFF, 0x10000, 0x1F600, 0x1F601, unicode.MaxRune, unicode.MaxRune + 1} {
			want := unicode.IsLetter(r) || r == 0x1F600
			if got := m.Is(r); got != want {
				t.Fatalf("round %d: Is(%U) = %v, want %v", round, r, got, want)
			}
		}
	}
	for _, r := range []rune{0, ' ', 'a', 0x627, 0xFFFF} {
		if calls[r] != 1 {
			t.Errorf("f(%U) called %d times, want once", r, calls[r])
		}
	}
	if calls[0x1F600] != 3 {
		t.Errorf("f(U+1F600) called %d times, want every time (beyond the plane)", calls[0x1F600])
	}
}

// Goroutines asking at once all get f's answers.
func TestMemoConcurrent(t *testing.T) {
	m := New(func(r rune) bool { return unicode.IsLetter(r) })
	done := make(chan bool)
	for g := range 4 {
		go func() {
			ok := true
			for r := rune(g); r < 0x3000; r += 3 {
				ok = ok && m.Is(r) == unicode.IsLetter(r)
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("a goroutine got a wrong answer")
		}
	}
}
