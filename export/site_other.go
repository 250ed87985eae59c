//go:build !linux

package export

import "errors"

// exchange is Linux's; elsewhere the old site is moved aside (commit.go).
func exchange(a, b string) error { return errors.ErrUnsupported }
