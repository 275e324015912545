module github.com/kubegen/kubegen

go 1.26
