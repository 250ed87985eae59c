//go:build !unix

package export

import "os"

// running reports whether a process with this ID may exist: on Windows
// FindProcess opens it, and fails when there is none.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
