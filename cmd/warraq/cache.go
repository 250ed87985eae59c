package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/warraq/warraq/internal/cache"
)

// cacheFlags are --cache and --no-cache, of build and serve. One directory
// holds every cache a build keeps: the article layouts (build/) and the
// generated covers (cover/).
type cacheFlags struct {
	dir string
	off bool
}

func (cf *cacheFlags) flags(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&cf.dir, "cache", "", "the cache directory, kept between builds so that a rebuild redoes only what changed (default: $WARRAQ_CACHE, or warraq in the user cache directory, e.g. ~/.cache/warraq)")
	f.BoolVar(&cf.off, "no-cache", false, "read and write no cache: lay everything out and draw the cover afresh")
}

// open opens the cache the flags ask for, and gives its directory: nil and
// "" with --no-cache (or WARRAQ_CACHE=off), or when the default directory
// cannot be made (the build is the same, only slower).
func (cf *cacheFlags) open() (*cache.Store, string, error) {
	if cf.off {
		if cf.dir != "" {
			return nil, "", usageErr("--cache and --no-cache: give one of them")
		}
		return nil, "", nil
	}
	if cf.dir == "" {
		dir := cacheDir()
		if dir == "" {
			return nil, "", nil
		}
		s, err := cache.Open(dir, 0)
		if err != nil {
			return nil, "", nil
		}
		return s, dir, nil
	}
	s, err := cache.Open(cf.dir, 0)
	if err != nil {
		return nil, "", usageErr("--cache: cannot use %s: %v", cf.dir, unwrapPath(err))
	}
	return s, cf.dir, nil
}

// cacheDir is the default cache directory: $WARRAQ_CACHE, or warraq under
// the user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux); ""
// (no cache) for WARRAQ_CACHE=off or when there is no such directory.
func cacheDir() string {
	switch dir := os.Getenv("WARRAQ_CACHE"); dir {
	case "off":
		return ""
	case "":
	default:
		return dir
	}
	dir, err := cache.Dir()
	if err != nil {
		return ""
	}
	return dir
}
