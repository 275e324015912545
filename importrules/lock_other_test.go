//go:build !unix

package importrules

import "testing"

// lockTree does nothing where flock is missing: do not run the parity tests
// concurrently there.
func lockTree(*testing.T, string) {}
