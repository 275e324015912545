package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/kubegen/kubegen/internal/testkit"
)

const out = "zz_generated.deepcopy.go"

// moduleTxtar is a small module: package a tagged for generation, b with
// a root object whose package c it imports (so c comes before b where
// dependencies come first), and a header file.
const moduleTxtar = `
-- go.mod --
module example.com/m

go 1.26
-- header.txt --
/*
Copyright YEAR The Authors.
*/
-- a/doc.go --
// +kubebuilder:object:generate=true
package a

type A struct{ S []string }
-- b/doc.go --
package b

import "example.com/m/c"

// +kubebuilder:object:root=true
type B struct {
	M map[string]*int
	C c.C
}
-- c/doc.go --
// +kubebuilder:object:generate=true
package c

type C struct{ P *int }
`

// module writes moduleTxtar into a new directory.
func module(t *testing.T) string {
	c := &testkit.Case{Inputs: map[string][]byte{}}
	for _, f := range txtar.Parse([]byte(moduleTxtar)).Files {
		c.Inputs[f.Name] = f.Data
	}
	return c.Setup(t)
}

// cg runs kubegen's controller-gen in dir.
func cg(t *testing.T, dir string, args ...string) testkit.Result {
	t.Helper()
	return testkit.Run(t, dir, nil, testkit.BuildCommand(t, "./cmd/controller-gen", "controller-gen"), args...)
}

// TestBadInput: each failure exits 1 with a message saying what is wrong,
// and leaves the module exactly as it was, also where upstream (which
// fails on the same input where upstreamFails says so) writes the
// packages it can before it fails on another.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name          string
		extra         map[string]string // files added to the module; a name ending in "/" is a directory
		args          []string
		says          string
		upstreamFails bool
	}{
		// b's output path is taken by a directory: b cannot be written,
		// and then neither may a and c be.
		{"unwritable output", map[string]string{"b/" + out + "/": ""}, []string{"object", "paths=./..."}, filepath.Join("b", out), true},
		{"unwritable output dir", map[string]string{"gen": "a file\n"}, []string{"object", "output:object:dir=gen", "paths=./a"}, "gen", true},
		{"unknown flag", nil, []string{"--bogus", "object"}, "unknown flag: --bogus", true},
		{"load build tags", nil, []string{"--load-build-tags=foo", "object", "paths=./..."}, "not implemented yet: --load-build-tags=foo", false},
		{"verify with stdout", nil, []string{"--verify", "object", "output:stdout", "paths=./..."}, "--verify compares the files a run would write", false},
		{"missing package", nil, []string{"object", "paths=./nope"}, "nope", true},
		{"no package here", map[string]string{"empty/": ""}, []string{"object", "paths=./empty"}, "empty", true},
	}
	setup := func(t *testing.T, extra map[string]string) string {
		dir := module(t)
		for name, data := range extra {
			path := filepath.Join(dir, name)
			if strings.HasSuffix(name, "/") {
				os.MkdirAll(path, 0o755)
			} else {
				os.WriteFile(path, []byte(data), 0o644)
			}
		}
		return dir
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := setup(t, c.extra)
			before := testkit.Snapshot(t, dir)
			if res := cg(t, dir, c.args...); res.ExitCode != 1 || !strings.HasPrefix(res.Stderr, "controller-gen: ") || !strings.Contains(res.Stderr, c.says) {
				t.Errorf("exit code %d, stderr:\n%s\nwant exit code 1 and a message saying %q", res.ExitCode, res.Stderr, c.says)
			}
			testkit.RequireUnchanged(t, dir, before)
			if c.upstreamFails && !testing.Short() {
				if res := testkit.Run(t, setup(t, c.extra), nil, testkit.BuildControllerGen(t), c.args...); res.ExitCode == 0 {
					t.Errorf("upstream controller-gen succeeds, the case says it fails")
				}
			}
		})
	}
}

// TestUpdateAndVerify: a run writes only what changed and removes the
// output of a package that no longer asks for any (controller-gen's only,
// by its "Code generated" line); --verify writes nothing and reports both
// with exit code 1.
func TestUpdateAndVerify(t *testing.T) {
	dir := module(t)
	args := []string{"object:headerFile=header.txt,year=2031", "paths=./..."}
	verify := append([]string{"--verify"}, args...)
	expect := func(code int, args []string, stdout string) {
		t.Helper()
		res := cg(t, dir, args...)
		if res.ExitCode != code || !strings.Contains(res.Stdout, stdout) {
			t.Fatalf("%v: exit %d (want %d), stdout without %q:\n%s%s", args, res.ExitCode, code, stdout, res.Stdout, res.Stderr)
		}
	}
	generated := func(pkg string) string { return filepath.Join(dir, pkg, out) }

	expect(0, args, "")
	if b, _ := os.ReadFile(generated("a")); !strings.Contains(string(b), "Copyright 2031 The Authors.") {
		t.Errorf("object:year did not replace YEAR:\n%s", b)
	}
	// Nothing changed: --verify passes, and a run touches no file.
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, pkg := range []string{"a", "b", "c"} {
		os.Chtimes(generated(pkg), past, past)
	}
	expect(0, verify, "")
	expect(0, args, "")
	for _, pkg := range []string{"a", "b", "c"} {
		if st, err := os.Stat(generated(pkg)); err != nil || !st.ModTime().Equal(past) {
			t.Errorf("%s was rewritten although unchanged", generated(pkg))
		}
	}

	// a no longer asks, so its file is stale; deepcopy-gen's file in c is
	// another tool's. An edited file in b is out of date.
	os.WriteFile(filepath.Join(dir, "a", "doc.go"), []byte("package a\n\ntype A struct{ S []string }\n"), 0o644)
	other := filepath.Join(dir, "c", "zz_generated.other.go")
	os.WriteFile(other, []byte("//go:build !ignore_autogenerated\n\n// Code generated by deepcopy-gen. DO NOT EDIT.\n\npackage c\n"), 0o644)
	edited, _ := os.ReadFile(generated("b"))
	os.WriteFile(generated("b"), append(edited, "// edited\n"...), 0o644)
	before := testkit.Snapshot(t, dir)
	expect(1, verify, filepath.Join("a", out)+": stale generated file")
	expect(1, verify, "-// edited")
	testkit.RequireUnchanged(t, dir, before)

	expect(0, args, "")
	if _, err := os.Stat(generated("a")); !os.IsNotExist(err) {
		t.Errorf("the stale file is still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another tool's file was removed: %v", err)
	}
	if b, _ := os.ReadFile(generated("b")); strings.Contains(string(b), "// edited") {
		t.Errorf("the edited file was not regenerated")
	}
	expect(0, verify, "")
}

// TestStdout: output:stdout prints the files, dependencies first, and
// writes none; upstream prints the same bytes.
func TestStdout(t *testing.T) {
	dir := module(t)
	before := testkit.Snapshot(t, dir)
	args := []string{"object:headerFile=header.txt", "paths=./...", "output:stdout"}
	res := cg(t, dir, args...)
	if res.ExitCode != 0 {
		t.Fatal(res.Stderr)
	}
	testkit.RequireUnchanged(t, dir, before)
	ia, ib, ic := strings.Index(res.Stdout, "package a\n"), strings.Index(res.Stdout, "package b\n"), strings.Index(res.Stdout, "package c\n")
	if ia < 0 || ib < 0 || ic < 0 || !(ia < ic && ic < ib) {
		t.Errorf("want the files of a, c, b in that order (b imports c):\n%s", res.Stdout)
	}
	if testing.Short() {
		return
	}
	up := testkit.Run(t, dir, nil, testkit.BuildControllerGen(t), args...)
	if up.ExitCode != 0 {
		t.Fatalf("upstream: %s", up.Stderr)
	}
	if up.Stdout != res.Stdout {
		t.Errorf("upstream printed otherwise:\n%s", testkit.Diff(up.Stdout, res.Stdout))
	}
}

// TestUsage: -h and --help print the usage, --version the controller-gen
// version followed, all with exit code 0 and nothing written.
func TestUsage(t *testing.T) {
	dir := module(t)
	before := testkit.Snapshot(t, dir)
	for _, args := range [][]string{{"-h"}, {"--help"}, {"object", "-hh"}} {
		res := cg(t, dir, args...)
		if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Usage: controller-gen") || !strings.Contains(res.Stdout, "--verify") {
			t.Errorf("%v: exit %d\n%s%s", args, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if res := cg(t, dir, "--version"); res.ExitCode != 0 || !strings.HasPrefix(res.Stdout, "Version: v0.23.0") {
		t.Errorf("--version: exit %d, %q", res.ExitCode, res.Stdout)
	}
	testkit.RequireUnchanged(t, dir, before)
}
