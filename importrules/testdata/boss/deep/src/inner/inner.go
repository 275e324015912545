// Package inner is below a directory named src, where import-boss stops
// looking for rules files, so deep's rules do not apply.
package inner

import "fmt"

var _ = fmt.Sprint
