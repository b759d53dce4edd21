//go:build race

package app

// raceOn is true under the race detector, which makes the pure-Go SQLite
// driver many times slower.
const raceOn = true
