//go:build unix

package main

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
)

// applyLimits sets the resource limits a test asked its child process for:
// WARRAQ_RLIMIT_AS (bytes of address space), WARRAQ_RLIMIT_CPU (seconds of
// CPU), WARRAQ_RLIMIT_FSIZE (bytes a file may grow to).
func applyLimits() error {
	for _, l := range []struct {
		env      string
		resource int
	}{{"WARRAQ_RLIMIT_AS", syscall.RLIMIT_AS}, {"WARRAQ_RLIMIT_CPU", syscall.RLIMIT_CPU}, {"WARRAQ_RLIMIT_FSIZE", syscall.RLIMIT_FSIZE}} {
		v := os.Getenv(l.env)
		if v == "" {
			continue
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return err
		}
		if err := syscall.Setrlimit(l.resource, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			return err
		}
	}
	return nil
}

// maxRSS is the peak resident memory of a process that has ended, in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return -1
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there, kilobytes elsewhere
	}
	return int64(ru.Maxrss) * 1024
}
