//go:build race

package verify

// raceEnabled: the race detector slows the exhaustive tests tenfold; they
// sample instead.
const raceEnabled = true
