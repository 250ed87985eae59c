package pdfwriter

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// packedFile writes a file of packed objects the way scenario says, with
// the hash of packed objects waiting for their object streams (laterHash)
// or taken when they are set (hashWhenSet), and returns its bytes.
func packedFile(t *testing.T, scenario string, when bool, cache StreamCache) []byte {
	t.Helper()
	defer func(v bool) { hashWhenSet = v }(hashWhenSet)
	hashWhenSet = when
	var out bytes.Buffer
	w := newObjWriter(&out)
	late := strings.HasSuffix(scenario, ", pipe after")
	scenario = strings.TrimSuffix(scenario, ", pipe after")
	if !late {
		w.pipeHash()
	}
	defer w.closeHash()
	var objCache *objStreamCache
	if cache != nil {
		objCache = &objStreamCache{store: cache, prefix: []byte("test\x00")}
	}
	w.set(w.pageTree, "<< /Type /Pages /Kids [] /Count 0 >>")
	root := w.reserve()
	// A run of 900 objects (three object streams' worth), each body
	// different, written by a walk.
	run := func(count int) (int, func() func(bodyWriter)) {
		first := w.reserve()
		for range count - 1 {
			w.reserve()
		}
		return first, func() func(bodyWriter) {
			k := 0
			return func(b bodyWriter) {
				fmt.Fprintf(b, "<< /K %d /T (%s) >>", first+k, strings.Repeat("x", k%37))
				k++
			}
		}
	}
	// A large body written in pieces, like the ParentTree.
	big := func(b bodyWriter) {
		b.WriteString("<< /Nums [")
		for i := range 20000 {
			fmt.Fprintf(b, " %d %d 0 R", i, 7*i%1000)
		}
		b.WriteByte(']')
		b.Write([]byte(" >>"))
	}
	switch scenario {
	case "run, big, root": // a structure tree's order
		first, walk := run(900)
		w.setPackedRun(first, 900, walk)
		w.setPackedFunc(w.reserve(), big)
	case "run, object, big": // something hashed in between: big is hashed when set
		first, walk := run(900)
		w.setPackedRun(first, 900, walk)
		w.add("<< /Between true >>")
		w.setPackedFunc(w.reserve(), big)
	case "big, run": // big's number comes first: it is formatted before the run
		n := w.reserve()
		first, walk := run(900)
		w.setPackedRun(first, 900, walk)
		w.setPackedFunc(n, big)
	case "big inside a stream": // big is formatted between two objects of its stream
		first, walk := run(500)
		w.setPackedRun(first, 500, walk)
		w.setPackedFunc(w.reserve(), big)
		first, walk = run(500)
		w.setPackedRun(first, 500, walk)
	case "big ends a stream": // big ends the first stream, formatted as it is compressed: hashed at the end
		first, walk := run(objStreamSize - 2) // after the root
		w.setPackedRun(first, objStreamSize-2, walk)
		w.setPackedFunc(w.reserve(), big)
		first, walk = run(500)
		w.setPackedRun(first, 500, walk)
	default:
		t.Fatalf("no scenario %q", scenario)
	}
	if late {
		w.pipeHash() // as finish does, after objects set outside it
		// More than the pipe's chunk hashed after it.
		w.add("<< /Filler (" + strings.Repeat("y", 3*pipeChunk) + ") >>")
	}
	w.setPacked(root, "<< /Type /StructTreeRoot >>")
	w.set(w.catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R >>", w.pageTree, root))
	info := w.add("<< /Producer (test) >>")
	if err := w.finish(info, objCache); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestHashLaterSameFile checks that a file whose packed objects are hashed
// for its /ID as their object streams are made is, byte for byte, the file
// hashing them when they are set: where the hash can wait for them in the
// order the streams are made, where something hashed in between or their
// numbers' order keeps it from waiting, where it waits for an object it
// can only take at the end, when the hash moves onto another goroutine
// after objects are set, and with streams taken from a cache (which
// formats a stream's last object twice when it compresses it).
func TestHashLaterSameFile(t *testing.T) {
	for _, sc := range []string{"run, big, root", "run, object, big", "big, run", "big inside a stream", "big ends a stream", "run, big, root, pipe after"} {
		want := packedFile(t, sc, true, nil)
		if !bytes.Contains(want, []byte("/ID [<")) {
			t.Fatalf("%s: no /ID in the file", sc)
		}
		if got := packedFile(t, sc, false, nil); !bytes.Equal(got, want) {
			t.Errorf("%s: the file differs when the hash waits for the object streams", sc)
		}
		c := newMemCache()
		for i := range 2 { // filling the cache, then from it
			if got := packedFile(t, sc, false, c); !bytes.Equal(got, want) {
				t.Errorf("%s: with a cache (%d): the file differs", sc, i)
			}
		}
		if c.hits == 0 {
			t.Errorf("%s: the cache was never used", sc)
		}
	}
}

// The hash of a structure tree's file waits for its elements and its
// ParentTree (the first scenario) and takes them all as the object streams
// are made: nothing is left to format again at the end.
func TestHashLaterTakesAllAtOnce(t *testing.T) {
	var out bytes.Buffer
	w := newObjWriter(&out)
	first := w.reserve()
	for range 899 {
		w.reserve()
	}
	walks := 0
	w.setPackedRun(first, 900, func() func(bodyWriter) {
		walks++
		k := 0
		return func(b bodyWriter) { fmt.Fprintf(b, "<< /K %d >>", k); k++ }
	})
	bigs := 0
	w.setPackedFunc(w.reserve(), func(b bodyWriter) { bigs++; b.WriteString("<< /Nums [] >>") })
	if walks != 0 || bigs != 0 {
		t.Fatalf("formatted when set: %d walks, %d ParentTrees", walks, bigs)
	}
	w.set(w.catalog, "<< /Type /Catalog >>")
	w.set(w.pageTree, "<< /Type /Pages /Kids [] /Count 0 >>")
	if err := w.finish(w.add("<< >>"), nil); err != nil {
		t.Fatal(err)
	}
	if walks != 1 || bigs != 1 {
		t.Errorf("formatted %d and %d times, want once each", walks, bigs)
	}
}
