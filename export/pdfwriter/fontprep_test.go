package pdfwriter

import "testing"

// A font whose preparation panics on a worker goroutine makes writeFont
// panic on the writer's goroutine, as writing it there did, instead of
// ending the program from the worker.
func TestPrepareFontsPanicReachesWriter(t *testing.T) {
	fs := prepareFonts([]*Font{nil})
	<-fs[0].done
	if fs[0].panicked == nil {
		t.Fatal("preparing a nil font did not panic")
	}
	defer func() {
		if recover() == nil {
			t.Error("writeFont did not raise the worker's panic")
		}
	}()
	w := newObjWriter(&discard{})
	w.writeFont(nil, fs[0])
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }
