//go:build unix

package export

import (
	"errors"
	"syscall"
)

// running reports whether a process with this ID exists.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
