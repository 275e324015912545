package guarded_test

import (
	"testing"

	"example.com/boss/guarded"
)

func TestTreasure(t *testing.T) { _ = guarded.Treasure }
