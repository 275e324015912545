package applyconfig_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGoldenOutputCompiles builds and vets the expected output of the
// schema case (builders with Extract functions, utils.go, internal.go)
// together with its API packages, against the real k8s.io/apimachinery,
// client-go and structured-merge-diff at kubegen's own versions (the case
// itself uses a small stand-in for apimachinery).
func TestGoldenOutputCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles against apimachinery and client-go")
	}
	var c *testkit.Case
	for _, cc := range testkit.LoadCases(t, "testdata") {
		if cc.Name() == "schema" {
			c = cc
		}
	}
	if c == nil || len(c.Want) == 0 {
		t.Fatal("no successful golden case named schema")
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range c.Inputs {
		if strings.HasPrefix(name, "apis/") {
			write(name, data)
		}
	}
	for name, data := range c.Want {
		write(name, data)
	}
	// What deepcopy-gen would add: the +genclient types are runtime.Objects.
	write("apis/apps/v1/object.go", []byte(`package v1

import "k8s.io/apimachinery/pkg/runtime"

func (in *Widget) DeepCopyObject() runtime.Object { out := *in; return &out }

func (in *Gizmo) DeepCopyObject() runtime.Object { out := *in; return &out }
`))
	write("go.mod", []byte(`module example.com/l

go 1.26

require (
	k8s.io/apimachinery v0.37.2
	k8s.io/client-go v0.37.2
	sigs.k8s.io/structured-merge-diff/v6 v6.4.2
)
`))
	sum, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", sum)
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
