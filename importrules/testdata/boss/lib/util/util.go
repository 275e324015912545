package util

import (
	"strings"

	"example.com/boss/lib/secret"
)

func Upper() string { return strings.ToUpper(secret.Key) }
