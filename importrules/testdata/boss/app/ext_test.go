package app_test

import (
	"testing"

	"example.com/boss/app"
	"example.com/boss/lib"
)

func TestExt(t *testing.T) { _ = app.Run() + lib.Hello() }
