// k8s.io/foo is a staging module: a main module at v0.0.0 that requires
// example.com/bad3 directly.
module k8s.io/foo

go 1.26

require (
	example.com/bad3 v1.0.0
	example.com/c v1.0.0
)

require example.com/b v1.1.0 // indirect

replace (
	example.com/b v1.0.0 => ../../../../mods/b-v1.0.0
	example.com/b v1.1.0 => ../../../../mods/b-v1.1.0
	example.com/bad3 v1.0.0 => ../../../../mods/bad3
	example.com/bad4 v1.0.0 => ../../../../mods/bad4
	example.com/c v1.0.0 => ../../../../mods/c
)
