package closest

import (
	"example.com/boss/legacy"
	"example.com/boss/lib/secret"
)

var _, _ = legacy.Old, secret.Key
