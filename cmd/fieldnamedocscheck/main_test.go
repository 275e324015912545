package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitStatus: 0 when nothing is found, 1 with findings, 2 when there
// is nothing to check or a file cannot be read; findings and errors name
// the file.
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.go", "package v1\n\n// T has `size`.\ntype T struct {\n\tSize int `json:\"size\"`\n}\n")
	bad := write("bad.go", "package v1\n\n// T has `Size`.\ntype T struct {\n\tSize int `json:\"size\"`\n}\n")
	for _, c := range []struct {
		args   []string
		status int
		stderr string // a part of it
	}{
		{nil, 2, "no file to check"},
		{[]string{"-s", good}, 0, ""},
		{[]string{good, "-s", bad}, 1, bad + ":3:1: doc for T contains: Size, which should be: size"},
		{[]string{filepath.Join(dir, "missing.go")}, 2, "missing.go"},
		{[]string{"--type-srcs", good}, 2, "unknown flag"},
	} {
		var stderr bytes.Buffer
		status := run(c.args, &stderr)
		if status != c.status || !strings.Contains(stderr.String(), c.stderr) || c.stderr == "" && stderr.Len() > 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit %d, stderr with %q", c.args, status, stderr.String(), c.status, c.stderr)
		}
	}
}
