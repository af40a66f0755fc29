//go:build race

package jsonld

// raceEnabled makes the slowest differential tests sample less under the
// race detector, which multiplies their cost tenfold.
const raceEnabled = true
