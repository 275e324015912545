// Package other is outside --include-path: not checked.
package other

import v1 "example.com/al/core/v1"

var _ = v1.Pod{}
