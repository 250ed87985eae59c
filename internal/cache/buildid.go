package cache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"io"
	"os"
)

// executableID identifies the executable at path: the Go build ID the
// toolchain wrote into it when there is one, which ends in a hash of the
// file's content, and otherwise (a build with -ldflags=-buildid=, or a
// format we do not read) the SHA-256 of the whole file. Reading the ID takes
// a few kilobytes where hashing a 30 MB executable took a tenth of a small
// book's rebuild.
func executableID(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if id := goBuildID(f); id != nil {
		sum := sha256.Sum256(append([]byte("go build ID\x00"), id...))
		return sum[:]
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	return h.Sum(nil)
}

// goBuildID returns the Go build ID of the executable f, or nil. The linker
// writes it as an ELF note named "Go" of type 4, and in other formats as the
// string `\xff Go build ID: "ID"\n \xff` at the start of the text section.
// An ID without its four parts (actions and content) is not used: only the
// last part, the content's hash, tells two builds apart.
func goBuildID(f *os.File) []byte {
	var id []byte
	if ef, err := elf.NewFile(f); err == nil {
		if s := ef.Section(".note.go.buildid"); s != nil {
			id = elfNote(s, ef.ByteOrder)
		}
	} else if mf, err := macho.NewFile(f); err == nil {
		if s := mf.Section("__text"); s != nil {
			id = markedID(s.Open())
		}
	} else if pf, err := pe.NewFile(f); err == nil {
		if s := pf.Section(".text"); s != nil {
			id = markedID(s.Open())
		}
	}
	if bytes.Count(id, []byte{'/'}) != 3 {
		return nil
	}
	return id
}

// elfNote reads the build ID from the note section s.
func elfNote(s *elf.Section, order binary.ByteOrder) []byte {
	d, err := s.Data()
	if err != nil || len(d) < 16 {
		return nil
	}
	namesz, descsz, typ := order.Uint32(d), order.Uint32(d[4:]), order.Uint32(d[8:])
	desc := 12 + (int(namesz)+3)&^3
	if namesz != 4 || typ != 4 || string(d[12:16]) != "Go\x00\x00" || desc+int(descsz) > len(d) {
		return nil
	}
	return d[desc : desc+int(descsz)]
}

// markedID finds the quoted build ID in the first 4 KB of r.
func markedID(r io.Reader) []byte {
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(r, buf)
	buf = buf[:n]
	const marker = "\xff Go build ID: \""
	i := bytes.Index(buf, []byte(marker))
	if i < 0 {
		return nil
	}
	rest := buf[i+len(marker):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return nil
	}
	return rest[:j]
}
