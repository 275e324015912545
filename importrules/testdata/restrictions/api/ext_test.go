package api_test

import (
	"testing"

	"example.com/rs/api"
	"example.com/rs/util/stringsx"
)

func TestExt(t *testing.T) { _, _ = api.Version, stringsx.X }
