// A module named like Kubernetes, since upstream dependencyverifier looks
// for the go.mod of any other main module in staging/src/<path>. Every
// dependency is replaced by a directory under mods, so go mod graph needs
// no network.
module k8s.io/kubernetes

go 1.26

require (
	example.com/a v1.0.0
	example.com/b v1.1.0
	example.com/bad2 v1.0.0
	example.com/cyc v1.0.0
	example.com/pinned v1.2.0
	k8s.io/foo v0.0.0
)

require (
	example.com/bad1 v1.0.0 // indirect
	example.com/bad3 v1.0.0 // indirect
	example.com/badloop v1.0.0 // indirect
	example.com/c v1.0.0 // indirect
)

replace (
	example.com/a v1.0.0 => ./mods/a
	example.com/b v1.0.0 => ./mods/b-v1.0.0
	example.com/b v1.1.0 => ./mods/b-v1.1.0
	example.com/bad1 v1.0.0 => ./mods/bad1
	example.com/bad2 v1.0.0 => ./mods/bad2
	example.com/bad3 v1.0.0 => ./mods/bad3
	example.com/bad4 v1.0.0 => ./mods/bad4
	example.com/badloop v1.0.0 => ./mods/badloop
	example.com/c v1.0.0 => ./mods/c
	example.com/cyc v1.0.0 => ./mods/cyc
	example.com/pinned v1.2.0 => ./mods/pinned
	k8s.io/foo => ./staging/src/k8s.io/foo
)
