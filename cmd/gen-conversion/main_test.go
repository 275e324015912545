package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

const out = "zz_generated.conversion.go"

// TestDeterministic: the example API's conversions come out the same,
// and as committed, whatever GOMAXPROCS or time zone, run after run (map
// order differs from one process to the next).
func TestDeterministic(t *testing.T) {
	root := testkit.RepoRoot(t)
	bin := testkit.BuildCommand(t, "./cmd/gen-conversion", "gen-conversion")
	var first map[string]string
	for i, env := range [][]string{
		{"GOMAXPROCS=1"},
		{"GOMAXPROCS=1"},
		{"GOMAXPROCS=8", "TZ=Asia/Kolkata"},
		{"GOMAXPROCS=8", "TZ=America/Los_Angeles"},
	} {
		dir := testkit.ExampleModule(t)
		for name := range testkit.Snapshot(t, dir) {
			if filepath.Base(name) == out {
				os.Remove(filepath.Join(dir, name))
			}
		}
		res := testkit.Run(t, dir, env, bin, "--go-header-file", "hack/boilerplate.go.txt", "--output-file", out, "./examples/apis/...")
		if res.ExitCode != 0 {
			t.Fatalf("run %d (%v): exit %d\n%s", i, env, res.ExitCode, res.Stderr)
		}
		got := map[string]string{}
		for name, data := range testkit.Snapshot(t, filepath.Join(dir, "examples")) {
			if filepath.Base(name) == out {
				got[name] = data
			}
		}
		if len(got) == 0 {
			t.Fatalf("run %d (%v) wrote no %s", i, env, out)
		}
		if i == 0 {
			first = got
			continue
		}
		for name, data := range first {
			if got[name] != data {
				t.Errorf("run %d (%v): %s differs from run 0:\n%s", i, env, name, testkit.Diff(data, got[name]))
			}
		}
		for name := range got {
			if _, ok := first[name]; !ok {
				t.Errorf("run %d (%v) wrote %s, run 0 did not", i, env, name)
			}
		}
	}
	for name, data := range first {
		committed, err := os.ReadFile(filepath.Join(root, "examples", name))
		if err != nil || string(committed) != data {
			t.Errorf("%s differs from the committed file (run hack/update-codegen.sh):\n%s", name, testkit.Diff(string(committed), data))
		}
	}
	if _, ok := first["apis/shop/v1/"+out]; !ok || !strings.Contains(first["apis/shop/v1/"+out], "func RegisterConversions") {
		t.Errorf("no conversions for shop/v1 among %d files", len(first))
	}
}
