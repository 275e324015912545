// go 1.16, without graph pruning: go mod graph then also lists what
// example.com/b v1.0.0 requires, which the walk must not follow, since the
// main module selects b v1.1.0.
module example.com/c

go 1.16

require example.com/b v1.0.0
