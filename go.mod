module github.com/kubegen/kubegen

go 1.26

require (
	github.com/spf13/pflag v1.0.10
	golang.org/x/tools v0.47.0
)

require (
	golang.org/x/mod v0.37.0 // indirect
	golang.org/x/sync v0.21.0 // indirect
)
