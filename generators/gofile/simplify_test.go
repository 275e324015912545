package gofile

import "testing"

func TestGofmtSimplify(t *testing.T) {
	src := `package p

import (
	"b"
	"a"
)

const ()

var a = []T{T{A: 1}, T{A: 2}}
var b = map[string]T{"x": T{}}
var c = []*T{&T{}}
var d = []U{T{}}
var e = map[T]int{T{}: 1}
var f = [][]T{[]T{T{}}}

func g(s []int) {
	_ = s[1:len(s)]
	_ = s[1:len(d)]
	for i, _ := range s {
		_ = i
	}
	for _ = range s {
	}
}
`
	want := `package p

import (
	"a"
	"b"
)

var a = []T{{A: 1}, {A: 2}}
var b = map[string]T{"x": {}}
var c = []*T{{}}
var d = []U{T{}}
var e = map[T]int{{}: 1}
var f = [][]T{{{}}}

func g(s []int) {
	_ = s[1:]
	_ = s[1:len(d)]
	for i := range s {
		_ = i
	}
	for range s {
	}
}
`
	got, err := GofmtSimplify("p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Already simplified source is left as it is.
	again, err := GofmtSimplify("p.go", got)
	if err != nil || string(again) != want {
		t.Errorf("second pass changed the file (%v):\n%s", err, again)
	}
	if _, err := GofmtSimplify("p.go", []byte("package")); err == nil {
		t.Error("source that does not parse was accepted")
	}
}
