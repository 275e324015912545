package app

import (
	"example.com/boss/legacy"
	"example.com/boss/lib"
	"example.com/boss/lib/util"
)

func Run() string { _ = legacy.Old; return lib.Hello() + util.Upper() }
