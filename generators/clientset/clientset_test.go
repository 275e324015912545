package clientset_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-clientset on every testdata case and compares what it
// writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-clientset", "gen-clientset")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream client-gen v0.37.2 to write
// exactly the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream client-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/client-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}

// TestGeneratedClientsetCompiles generates the clientset of the "compile"
// case (after the deep copies its API types need) and requires go vet to
// pass on the whole module: the typed clients, the fakes and the scheme
// must compile against client-go v0.37.2.
func TestGeneratedClientsetCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles client-go")
	}
	var c *testkit.Case
	for _, cc := range testkit.LoadCases(t, "testdata") {
		if cc.Name() == "compile" {
			c = cc
		}
	}
	if c == nil {
		t.Fatal("no testdata/compile.txtar")
	}
	dir := c.Setup(t)
	deepcopy := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")
	clientset := testkit.BuildCommand(t, "./cmd/gen-clientset", "gen-clientset")
	header, _ := filepath.Abs(filepath.Join("testdata", "boilerplate.go.txt"))
	offline := []string{"GOPROXY=off", "GOFLAGS=-mod=readonly"}
	for _, run := range [][]string{
		{deepcopy, "--output-file", "zz_generated.deepcopy.go", "./apis/..."},
		append([]string{clientset}, c.Expand(header)...),
		{"go", "vet", "./..."},
	} {
		if res := testkit.Run(t, dir, offline, run[0], run[1:]...); res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s%s", strings.Join(run, " "), res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "client/versioned/typed/shop/v1/fake/fake_store.go")); err != nil {
		t.Errorf("the fake typed client was not generated: %v", err)
	}
}
