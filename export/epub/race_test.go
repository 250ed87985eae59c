//go:build race

package epub

// underRace is set when the tests run with the race detector, ten times
// slower: the shaping comparison then takes a sample of the words (the full
// comparison runs in the ordinary test run).
const underRace = true
