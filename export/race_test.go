//go:build race

package export

// raceDetector scales down the largest inputs under -race, where every memory
// access is instrumented; the concurrency being checked is the same.
const raceDetector = true
