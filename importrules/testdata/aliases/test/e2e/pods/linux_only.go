//go:build ignore

// Excluded by build constraints, still checked.
package pods

import core "example.com/al/core/v2"

var _ = core.Pod{}
