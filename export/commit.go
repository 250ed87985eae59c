package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Outputs are committed as a unit. Each is written to a temporary file
// beside its final name; when every renderer has succeeded, each earlier
// output is moved aside and the new one renamed into place, and only when
// all are in place are the earlier ones removed. If a rename fails, the
// outputs already renamed are put back as they were. A build killed
// outright (SIGKILL, a power cut) leaves its temporary files behind, named
// with its process ID: the next build into the same directory removes them
// once that process is gone, and puts back an earlier output that was moved
// aside and never replaced.

// WriteError is an output that could not be written: the disk is full, a
// file size limit is reached, the directory is not writable. It names the
// output, whichever format was writing it.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string { return "cannot write " + e.Path + ": " + unwrap(e.Err).Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// pending is an output being written: a temporary file beside its final
// name, hashed and counted as it is written, and refusing writes once the
// build is cancelled. Its mutex lets a cancelled Build discard the file while
// a renderer may still be writing to it.
type pending struct {
	ctx   context.Context
	mu    sync.Mutex
	f     *os.File // nil once closed
	buf   *bufio.Writer
	sum   hash.Hash
	tmp   string
	final string
	old   string // the earlier output, moved aside while committing; "" when there was none
	out   Output

	// unpack marks a directory format: finish unpacks the stream into
	// site, a temporary directory that rename puts at final (site.go).
	unpack  bool
	site    string
	swapped bool // the earlier site and the new one were exchanged in one step: old holds the earlier

	committed, discarded bool
}

// tempPattern names the temporary files of this process for final; the
// "*" is os.CreateTemp's. The ".old" of an earlier output moved aside is
// the same name with ".old" for ".tmp".
func tempPattern(final string) string {
	return "." + filepath.Base(final) + ".warraq-" + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

var tempName = regexp.MustCompile(`^\.(.+)\.warraq-(\d+)-\d+\.(tmp|old)$`)

func newPending(ctx context.Context, dir, final string) (*pending, error) {
	f, err := os.CreateTemp(dir, tempPattern(final))
	if err != nil {
		return nil, err
	}
	p := &pending{ctx: ctx, f: f, sum: sha256.New(), tmp: f.Name(), final: final}
	p.buf = bufio.NewWriterSize(io.MultiWriter(f, p.sum), 256<<10)
	p.out.Path = final
	return p, nil
}

var errDiscarded = errors.New("output discarded")

func (p *pending) Write(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.discarded {
		return 0, errDiscarded
	}
	n, err := p.buf.Write(b)
	p.out.Bytes += int64(n)
	if err != nil {
		return n, &WriteError{Path: p.final, Err: err}
	}
	return n, nil
}

// finish flushes and closes the temporary file.
func (p *pending) finish() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.discarded {
		return errDiscarded
	}
	err := p.buf.Flush()
	if err == nil {
		err = p.f.Chmod(0o644)
	}
	f := p.f
	p.f = nil
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &WriteError{Path: p.final, Err: err}
	}
	p.out.SHA256 = hex.EncodeToString(p.sum.Sum(nil))
	if p.unpack {
		site, err := unpackSite(p.tmp, p.final)
		os.Remove(p.tmp)
		if err != nil {
			return &WriteError{Path: p.final, Err: err}
		}
		p.site = site
	}
	return p.ctx.Err()
}

// rename moves the temporary file (or a directory format's unpacked
// directory) into place, moving an earlier output aside first. An earlier
// site is exchanged with the new one in one step where the system can
// (site.go), so a web server never finds it missing.
func (p *pending) rename() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	src := p.tmp
	if p.unpack {
		src = p.site
	}
	if st, err := os.Lstat(p.final); err == nil {
		if st.IsDir() != p.unpack {
			what := "a directory"
			if p.unpack {
				what = "a file"
			}
			return &WriteError{Path: p.final, Err: errors.New(what + " is in the way")}
		}
		if p.unpack && exchange(src, p.final) == nil {
			p.old, p.swapped, p.committed = src, true, true
			return nil
		}
		old := src[:len(src)-len(".tmp")] + ".old"
		if err := os.Rename(p.final, old); err != nil {
			return &WriteError{Path: p.final, Err: err}
		}
		p.old = old
	}
	if err := os.Rename(src, p.final); err != nil {
		p.restore()
		return &WriteError{Path: p.final, Err: err}
	}
	p.committed = true
	return nil
}

// restore puts the earlier output back, or removes the new one when there
// was none. Called with p.mu held.
func (p *pending) restore() {
	switch {
	case p.swapped:
		exchange(p.old, p.final) // the new site goes back to old's place, removed with it
		os.RemoveAll(p.old)
		p.old, p.swapped = "", false
	case p.old != "":
		if p.committed {
			os.RemoveAll(p.final)
		}
		os.Rename(p.old, p.final)
		p.old = ""
	case p.committed:
		os.RemoveAll(p.final)
	}
	p.committed = false
}

// commit renames every output into place, or none: a failed rename puts
// back the outputs renamed before it.
func commit(outs []*pending) error {
	for i, o := range outs {
		if err := o.rename(); err != nil {
			for _, done := range outs[:i] {
				done.mu.Lock()
				done.restore()
				done.mu.Unlock()
			}
			return err
		}
	}
	for _, o := range outs {
		if o.old != "" {
			os.RemoveAll(o.old)
		}
	}
	return nil
}

// discard removes the temporary file unless it was committed.
func (p *pending) discard() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.committed || p.discarded {
		return
	}
	p.discarded = true
	if p.f != nil {
		p.f.Close()
		p.f = nil
	}
	os.Remove(p.tmp)
	if p.site != "" {
		os.RemoveAll(p.site)
	}
}

// staleAge is how old a temporary file may be before it is taken for
// stale even though a process with its ID runs (the ID was reused).
const staleAge = 24 * time.Hour

// removeStale removes the temporary files that builds killed outright left
// in dir, and puts back an earlier output one of them had moved aside and
// not replaced.
func removeStale(dir string) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range es {
		m := tempName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() && !e.IsDir() {
			continue
		}
		pid, _ := strconv.Atoi(m[2])
		info, err := e.Info()
		if err != nil || pid == os.Getpid() || running(pid) && time.Since(info.ModTime()) < staleAge {
			continue
		}
		p := filepath.Join(dir, e.Name())
		final := filepath.Join(dir, m[1])
		if _, err := os.Lstat(final); m[3] == "old" && errors.Is(err, os.ErrNotExist) {
			os.Rename(p, final)
			continue
		}
		os.RemoveAll(p)
	}
}
