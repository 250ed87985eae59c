//go:build race

package main

// raceDetector: under -race every memory access is shadowed, so memory is
// not measured.
const raceDetector = true
