module example.com/tool

go 1.26

require github.com/spf13/cobra v1.10.2

require (
	example.com/widgets v0.0.0
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
)

replace example.com/widgets => ./widgets
