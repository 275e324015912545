// Package further has no rules file of its own: the closest one is its
// parent's, which allows legacy and lib/secret.
package further

import (
	"example.com/boss/legacy"
	"example.com/boss/lib"
	"example.com/boss/lib/secret"
)

var _, _, _ = legacy.Old, lib.Hello, secret.Key
