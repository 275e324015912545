package c_test

import (
	"testing"

	_ "example.com/dc/lib/b"
)

func TestX(t *testing.T) {}
