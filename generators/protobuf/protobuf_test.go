package protobuf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kubegen/kubegen/conformance"
	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-protobuf on every testdata case (twice, at
// GOMAXPROCS 1 and 8, which must agree) and compares what it writes, or
// the error it prints, with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-protobuf", "gen-protobuf")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream go-to-protobuf v0.37.2, with
// protoc, code-generator's protoc-gen-gogo and goimports, to write exactly
// the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	run := upstream(t)
	testkit.RunGoldenUpstreamWith(t, "testdata", run)
}

// TestBadCasesFailUpstream holds every error case to upstream's verdict
// (see testkit.CheckUpstreamVerdicts).
func TestBadCasesFailUpstream(t *testing.T) {
	run := upstream(t)
	testkit.CheckUpstreamVerdicts(t, "testdata", 10, run, func(t *testing.T, work string) testkit.Result {
		return testkit.Run(t, filepath.Join(work, "src/example.com/pb"), []string{"GOFLAGS=-mod=mod"}, "go", "vet", "./...")
	})
}

// upstream builds upstream's tools and returns how to run go-to-protobuf
// in a case: with them on PATH, and gogo.proto (which upstream reads from
// disk, from the vendor directory in kubernetes) on the import path. It
// needs protoc (Debian's protobuf-compiler; .ci/run installs it): without
// it the test is skipped, except in CI.
func upstream(t *testing.T) func(t *testing.T, work string, args []string) testkit.Result {
	if testing.Short() {
		t.Skip("builds upstream go-to-protobuf")
	}
	if _, err := exec.LookPath("protoc"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("protoc is missing (apt-get install protobuf-compiler)")
		}
		t.Skip("needs protoc (apt-get install protobuf-compiler)")
	}
	bin := t.TempDir()
	for _, tool := range [][2]string{
		{"k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/go-to-protobuf"},
		{"k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/go-to-protobuf/protoc-gen-gogo"},
		{"golang.org/x/tools@v0.47.0", "golang.org/x/tools/cmd/goimports"},
	} {
		built := testkit.BuildUpstream(t, tool[0], tool[1])
		if err := os.Symlink(built, filepath.Join(bin, filepath.Base(built))); err != nil {
			t.Fatal(err)
		}
	}
	importRoot := t.TempDir()
	imports := filepath.Join(importRoot, "github.com/gogo/protobuf/gogoproto")
	if err := os.MkdirAll(imports, 0o755); err != nil {
		t.Fatal(err)
	}
	gogo, err := os.ReadFile(filepath.Join(conformance.ModuleDir(t, "github.com/gogo/protobuf@v1.3.2"), "gogoproto/gogo.proto"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(imports, "gogo.proto"), gogo, 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	return func(t *testing.T, work string, args []string) testkit.Result {
		return testkit.Run(t, work, env, filepath.Join(bin, "go-to-protobuf"), append(args, "--proto-import="+importRoot)...)
	}
}
