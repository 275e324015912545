package app

import (
	"testing"

	"example.com/boss/lib/secret"
)

func TestRun(t *testing.T) { _ = secret.Key }
