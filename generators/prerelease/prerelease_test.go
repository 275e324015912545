package prerelease_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-prerelease-lifecycle on every testdata case and
// compares what it writes (or the error it prints) with the case's
// expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-prerelease-lifecycle", "gen-prerelease-lifecycle")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream prerelease-lifecycle-gen
// v0.37.2 to write exactly the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream prerelease-lifecycle-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/prerelease-lifecycle-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}

// TestBadCasesFailUpstream holds every error case to upstream's verdict
// (see testkit.CheckUpstreamVerdicts).
func TestBadCasesFailUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream prerelease-lifecycle-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/prerelease-lifecycle-gen")
	testkit.CheckUpstreamVerdicts(t, "testdata", 20, func(t *testing.T, work string, args []string) testkit.Result {
		return testkit.Run(t, work, nil, bin, args...)
	}, func(t *testing.T, work string) testkit.Result {
		return testkit.Run(t, work, []string{"GOFLAGS=-mod=mod", "GOWORK=off"}, "go", "build", "./...")
	})
}

// TestGoldenOutputCompiles builds and vets every case that succeeds, its
// inputs with the expected output, against k8s.io/apimachinery at
// kubegen's version (APILifecycleReplacement returns its
// schema.GroupVersionKind): byte comparisons alone would let code that does
// not compile pass.
func TestGoldenOutputCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the golden cases")
	}
	sum, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.WantErr != nil {
			continue
		}
		built++
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			dir := c.Setup(t)
			files := map[string][]byte{
				"go.mod": append(slices.Clip(c.Inputs["go.mod"]), "\nrequire k8s.io/apimachinery v0.37.2\n"...),
				"go.sum": sum,
			}
			maps.Copy(files, c.Want)
			for name, data := range files {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if res := testkit.Run(t, dir, []string{"GOFLAGS=-mod=mod", "GOWORK=off"}, "go", "vet", "./..."); res.ExitCode != 0 {
				t.Errorf("go vet: exit %d\n%s", res.ExitCode, res.Stderr)
			}
		})
	}
	if built < 5 {
		t.Errorf("only %d successful cases", built)
	}
}

// TestStrict: --strict turns a case's warnings into an error that lists
// them, and nothing is written.
func TestStrict(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-prerelease-lifecycle", "gen-prerelease-lifecycle")
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.Name() != "versions" {
			continue
		}
		dir := c.Setup(t)
		before := testkit.Snapshot(t, dir)
		header, _ := filepath.Abs("testdata/boilerplate.go.txt")
		res := testkit.Run(t, dir, nil, bin, append([]string{"--strict"}, c.Expand(header, dir)...)...)
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, "--strict: nothing written, because of:") ||
			!strings.Contains(res.Stderr, "type C is deprecated in 1.19, before it was introduced (1.20)") {
			t.Errorf("exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
		}
		testkit.RequireUnchanged(t, dir, before)
		return
	}
	t.Fatal("no case named versions")
}
