package export

import "github.com/warraq/warraq/internal/cache"

// OpenCache opens (creating it) a build cache in dir for Options.Cache;
// dir "" is the default, warraq in the user cache directory. Builds that
// share a cache run side by side safely, and the outputs are the same bytes
// with a cache or without (internal/cache says how it is kept).
func OpenCache(dir string) (*cache.Store, error) {
	if dir == "" {
		d, err := cache.Dir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	return cache.Open(dir, 0)
}
