package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/testkit"
)

const out = "zz_generated.deepcopy.go"

// module writes a small module with two packages asking for deepcopy.
func module(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.26\n",
		"header.txt": "/*\nCopyright YEAR The Authors.\n*/\n",
		"a/doc.go":   "// +k8s:deepcopy-gen=package\n\npackage a\n\ntype A struct{ S []string }\n",
		"b/doc.go":   "// +k8s:deepcopy-gen=package\n\npackage b\n\ntype B struct{ M map[string]*int }\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(t *testing.T, dir string, env []string, args ...string) testkit.Result {
	t.Helper()
	bin := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")
	return testkit.Run(t, dir, env, bin, args...)
}

// TestBadInput: each failure exits non-zero with a message saying what is
// wrong, and leaves the module exactly as it was.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name     string
		prepare  func(dir string)
		args     []string
		exitCode int
		stderr   string
	}{
		{"missing header file", nil, []string{"--go-header-file", "nope.txt", "./..."}, 1,
			"reading the header file (--go-header-file): open nope.txt: no such file or directory"},
		{"nonexistent package", nil, []string{"example.com/m/nope"}, 1,
			"example.com/m/nope"},
		{"no packages, strict", nil, []string{"--strict"}, 1,
			"no Go packages given"},
		{"bad lint rule", nil, []string{"--lint-rules=known-tags", "./..."}, 2,
			`unrecognized rule in --lint-rules: "known-tags"`},
		{"output file is a path", nil, []string{"--output-file", "x/y.go", "./..."}, 2,
			"must be a file name, not a path"},
		{"unknown flag", nil, []string{"--bounding", "./..."}, 2,
			"unknown flag: --bounding"},
		{"unwritable output", func(dir string) {
			// b's output path is taken by a directory: b cannot be
			// written, and then a must not be written either.
			os.Mkdir(filepath.Join(dir, "b", out), 0o755)
		}, []string{"--output-file", out, "./..."}, 1,
			filepath.Join("b", out)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := module(t)
			if c.prepare != nil {
				c.prepare(dir)
			}
			before := testkit.Snapshot(t, dir)
			res := run(t, dir, nil, c.args...)
			if res.ExitCode != c.exitCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", res.ExitCode, c.exitCode, res.Stderr)
			}
			if !strings.Contains(res.Stderr, c.stderr) {
				t.Errorf("stderr does not say %q:\n%s", c.stderr, res.Stderr)
			}
			testkit.RequireUnchanged(t, dir, before)
		})
	}
}

// TestUpdateAndVerify: update writes only what changed and removes stale
// output; verify writes nothing and reports both with exit code 1.
func TestUpdateAndVerify(t *testing.T) {
	dir := module(t)
	args := []string{"--go-header-file", "header.txt", "--year", "2031", "--output-file", out, "./..."}
	if res := run(t, dir, nil, args...); res.ExitCode != 0 {
		t.Fatalf("first run: %s", res.Stderr)
	}
	aOut := filepath.Join(dir, "a", out)
	data, err := os.ReadFile(aOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Copyright 2031 The Authors.") {
		t.Errorf("YEAR not replaced by --year:\n%s", data)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(aOut, old, old)

	// Unchanged: verify passes, update leaves the file alone.
	if res := run(t, dir, nil, append([]string{"--verify"}, args...)...); res.ExitCode != 0 {
		t.Errorf("verify of fresh output: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := run(t, dir, nil, args...); res.ExitCode != 0 {
		t.Fatal(res.Stderr)
	}
	if st, _ := os.Stat(aOut); !st.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten")
	}

	// b stops asking for deepcopy: its output is stale.
	os.WriteFile(filepath.Join(dir, "b/doc.go"), []byte("package b\n\ntype B struct{ M map[string]*int }\n"), 0o644)
	res := run(t, dir, nil, append([]string{"--verify"}, args...)...)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, filepath.Join("b", out)+": stale generated file") {
		t.Errorf("verify with a stale file: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "b", out)); err != nil {
		t.Errorf("verify removed the stale file: %v", err)
	}
	if res := run(t, dir, nil, args...); res.ExitCode != 0 {
		t.Fatal(res.Stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "b", out)); !os.IsNotExist(err) {
		t.Errorf("update kept the stale file: %v", err)
	}

	// An edited file: verify prints a diff and exits 1.
	os.WriteFile(aOut, append(data, []byte("// edited\n")...), 0o644)
	res = run(t, dir, nil, append([]string{"--verify"}, args...)...)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "-// edited") {
		t.Errorf("verify of an edited file: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

// TestYearFromSourceDateEpoch: without --year, YEAR comes from
// SOURCE_DATE_EPOCH when it is set.
func TestYearFromSourceDateEpoch(t *testing.T) {
	dir := module(t)
	res := run(t, dir, []string{"SOURCE_DATE_EPOCH=946684800"}, "--go-header-file", "header.txt", "--output-file", out, "./...")
	if res.ExitCode != 0 {
		t.Fatal(res.Stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "a", out))
	if !strings.Contains(string(data), "Copyright 2000 The Authors.") {
		t.Errorf("YEAR not taken from SOURCE_DATE_EPOCH:\n%s", data)
	}
}

// TestDeterministic: the example API generates the same bytes whatever
// GOMAXPROCS, time zone or working directory.
func TestDeterministic(t *testing.T) {
	root := testkit.RepoRoot(t)
	var first map[string]string
	for i, env := range [][]string{
		{"GOMAXPROCS=1"},
		{"GOMAXPROCS=8", "TZ=Asia/Kolkata"},
		{"GOMAXPROCS=8", "TZ=America/Los_Angeles"},
	} {
		dir := t.TempDir()
		testkit.CopyDir(t, filepath.Join(root, "examples"), filepath.Join(dir, "examples"))
		for _, f := range []string{"go.mod", "go.sum", "hack/boilerplate.go.txt"} {
			b, err := os.ReadFile(filepath.Join(root, f))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
			os.WriteFile(filepath.Join(dir, f), b, 0o644)
		}
		for _, p := range []string{"examples/apis/shop/v1", "examples/apis/shop/v1beta1", "examples/apis/fleet/v1alpha1"} {
			os.Remove(filepath.Join(dir, p, out))
		}
		res := run(t, dir, env, "--go-header-file", "hack/boilerplate.go.txt", "--output-file", out, "./examples/apis/...")
		if res.ExitCode != 0 {
			t.Fatal(res.Stderr)
		}
		got := testkit.Snapshot(t, filepath.Join(dir, "examples"))
		if i == 0 {
			first = got
			continue
		}
		for name, data := range first {
			if got[name] != data {
				t.Errorf("run %d (%v): %s differs from run 0", i, env, name)
			}
		}
	}
	for name, data := range first {
		if strings.HasSuffix(name, out) {
			committed, _ := os.ReadFile(filepath.Join(root, "examples", name))
			if string(committed) != data {
				t.Errorf("%s differs from the committed file", name)
			}
		}
	}
}

// TestNoPackages: with no packages, or patterns that match only tests,
// upstream writes nothing and succeeds; so does gen-deepcopy, with a
// warning, and it removes nothing either.
func TestNoPackages(t *testing.T) {
	dir := module(t)
	if res := run(t, dir, nil, "--output-file", out, "./..."); res.ExitCode != 0 {
		t.Fatalf("generating: %s", res.Stderr)
	}
	os.MkdirAll(filepath.Join(dir, "onlytests"), 0o755)
	os.WriteFile(filepath.Join(dir, "onlytests", "x_test.go"), []byte("package onlytests\n"), 0o644)
	before := testkit.Snapshot(t, dir)
	for _, args := range [][]string{{"--output-file", out}, {"--output-file", out, "./onlytests"}} {
		res := run(t, dir, nil, args...)
		if res.ExitCode != 0 || !strings.Contains(res.Stderr, "gen-deepcopy: warning: ") || !strings.Contains(res.Stderr, "so nothing is generated") {
			t.Errorf("%v: exit %d, want 0 with a warning; stderr:\n%s", args, res.ExitCode, res.Stderr)
		}
	}
	testkit.RequireUnchanged(t, dir, before)
}
