package c

import (
	"testing"

	_ "example.com/dc/internal/core"
)

func TestC(t *testing.T) {}
