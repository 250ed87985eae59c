package collection

import (
	"path"
	"strings"
)

// matchGlob reports whether the slash-separated path p matches pattern.
// Segments are matched with path.Match; "**" matches any number of segments.
// A pattern without a slash matches the file's base name at any depth, as in
// .gitignore, so "README.md" or "*.draft.md" need no leading "**/".
func matchGlob(pattern, p string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(p))
		return ok
	}
	return matchSegs(strings.Split(pattern, "/"), strings.Split(p, "/"))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(segs); i++ {
				if matchSegs(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// excluded reports whether p or one of its parent directories matches pattern,
// so excluding "drafts" or "drafts/" leaves out everything under it.
func excluded(pattern, p string) bool {
	pattern = strings.TrimSuffix(pattern, "/")
	if matchGlob(pattern, p) {
		return true
	}
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if matchGlob(pattern, d) {
			return true
		}
	}
	return false
}

func isGlob(s string) bool { return strings.ContainsAny(s, "*?[") }

func validGlob(pattern string) bool {
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}
