//go:build !unix

package main

import "os"

// applyLimits: resource limits are set on Unix only.
func applyLimits() error { return nil }

// maxRSS is not known here.
func maxRSS(*os.ProcessState) int64 { return -1 }
