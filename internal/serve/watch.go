package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// watcher reports changes under a collection: fsnotify watches directories
// one by one, so each directory is added, and each new one as it appears.
// Hidden files and directories, editors' backup files and the output
// directory are not the book's sources and are not watched.
type watcher struct {
	w       *fsnotify.Watcher
	skip    string // the output directory
	events  chan struct{}
	errors  chan error
	stopped chan struct{}
}

func newWatcher(dir, outDir string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		fw.Close()
		return nil, err
	}
	if outDir == "" {
		outDir = filepath.Join(root, "dist")
	}
	w := &watcher{w: fw, skip: outDir, events: make(chan struct{}, 1), errors: make(chan error, 1), stopped: make(chan struct{})}
	if err := w.addTree(root); err != nil {
		fw.Close()
		return nil, err
	}
	go w.loop()
	return w, nil
}

// addTree watches dir and every directory below it that holds sources.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && w.ignored(p) {
			return filepath.SkipDir
		}
		return w.w.Add(p)
	})
}

func (w *watcher) ignored(p string) bool {
	name := filepath.Base(p)
	return p == w.skip || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".tmp") || strings.HasPrefix(name, "#")
}

func (w *watcher) loop() {
	defer close(w.stopped)
	for {
		select {
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if w.ignored(ev.Name) || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
				}
			}
			select {
			case w.events <- struct{}{}:
			default: // a change is already pending
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			select {
			case w.errors <- err:
			default:
			}
		}
	}
}

func (w *watcher) close() {
	w.w.Close()
	<-w.stopped
}
