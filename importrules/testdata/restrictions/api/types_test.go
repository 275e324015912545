package api

import (
	"testing"

	"example.com/rs/other"
	"example.com/rs/util"
)

func TestTypes(t *testing.T) { _, _ = other.X, util.X }
