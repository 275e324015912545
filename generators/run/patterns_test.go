package run

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInputPatterns: import paths and directories, with and without
// "/...", match the packages they name and no others.
func TestInputPatterns(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	pkg := func(path, dir string) [2]string { return [2]string{path, filepath.Join(wd, dir)} }
	a, ab, abc, other := pkg("example.com/a", "a"), pkg("example.com/a/b", "a/b"), pkg("example.com/ab", "ab"), pkg("x.io/a", "../x/a")
	for _, c := range []struct {
		pattern string
		match   [][2]string
		miss    [][2]string
	}{
		{"example.com/a", [][2]string{a}, [][2]string{ab, abc, other}},
		{"example.com/a/...", [][2]string{a, ab}, [][2]string{abc, other}},
		{"./a", [][2]string{a}, [][2]string{ab, abc, other}},
		{"./a/...", [][2]string{a, ab}, [][2]string{abc, other}},
		{".", nil, [][2]string{a, ab, abc, other}},
		{"./...", [][2]string{a, ab, abc}, [][2]string{other}},
		{"../x/...", [][2]string{other}, [][2]string{a, ab, abc}},
		{filepath.Join(wd, "a"), [][2]string{a}, [][2]string{ab}},
	} {
		p := compilePatterns([]string{c.pattern})[0]
		for _, m := range c.match {
			if !p.match(m[0], m[1]) {
				t.Errorf("%q does not match %s (%s)", c.pattern, m[0], m[1])
			}
		}
		for _, m := range c.miss {
			if p.match(m[0], m[1]) {
				t.Errorf("%q matches %s (%s)", c.pattern, m[0], m[1])
			}
		}
	}
}
