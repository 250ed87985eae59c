package main

import (
	"github.com/spf13/cobra"

	"github.com/warraq/warraq/internal/cache"
)

// cacheFlags are --cache and --no-cache, of build and serve.
type cacheFlags struct {
	dir string
	off bool
}

func (cf *cacheFlags) flags(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&cf.dir, "cache", "", "the build cache's directory, kept between builds so that a rebuild redoes only what changed (default: warraq in the user cache directory, e.g. ~/.cache/warraq)")
	f.BoolVar(&cf.off, "no-cache", false, "read and write no build cache: lay everything out afresh")
}

// open opens the cache the flags ask for: nil with --no-cache, or when the
// default directory cannot be made (the build is the same, only slower).
func (cf *cacheFlags) open() (*cache.Store, error) {
	if cf.off {
		if cf.dir != "" {
			return nil, usageErr("--cache and --no-cache: give one of them")
		}
		return nil, nil
	}
	dir := cf.dir
	if dir == "" {
		d, err := cache.Dir()
		if err != nil {
			return nil, nil
		}
		s, err := cache.Open(d, 0)
		if err != nil {
			return nil, nil
		}
		return s, nil
	}
	s, err := cache.Open(dir, 0)
	if err != nil {
		return nil, usageErr("--cache: cannot use %s: %v", dir, unwrapPath(err))
	}
	return s, nil
}
