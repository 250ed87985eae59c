//go:build !linux

package export

import "errors"

// exchange is Linux's; elsewhere replaceDir moves the old site aside.
func exchange(a, b string) error { return errors.ErrUnsupported }
