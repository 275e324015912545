package openapi_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-openapi on every testdata case and compares what it
// writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-openapi", "gen-openapi")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream openapi-gen (the version
// code-generator v0.37.2 pins) to write exactly the golden files of every
// case that succeeds: the golden files are upstream's output.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream openapi-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/kube-openapi@v0.0.0-20260721132016-d427ff9ee9ad", "k8s.io/kube-openapi/cmd/openapi-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}

// TestReportToStdout: with --report-filename - (the default) the report
// goes to standard output and no report file is written.
func TestReportToStdout(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-openapi", "gen-openapi")
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.Name() != "unions_rules" {
			continue
		}
		work := c.Setup(t)
		args := c.Expand("", work)
		for i, a := range args {
			if a == "--report-filename" {
				args = append(args[:i], args[i+2:]...)
				break
			}
		}
		res := testkit.Run(t, work, nil, bin, args[2:]...) // without the header file
		if res.ExitCode != 0 {
			t.Fatalf("exit %d: %s", res.ExitCode, res.Stderr)
		}
		want := string(c.Want["api-rules/violations.list"])
		if want == "" || res.Stdout != want {
			t.Errorf("stdout:\n%s\nwant the report:\n%s", res.Stdout, want)
		}
		if _, err := os.Stat(filepath.Join(work, "api-rules/violations.list")); err == nil {
			t.Error("a report file was written")
		}
		return
	}
	t.Fatal("no unions_rules case")
}

// TestReadOnlyNotStale: a --readonly-pkg package's model-name file is left
// alone, not removed as stale (kubegen's openapi call passes the packages
// that live in the module cache as --readonly-pkg, as kube_codegen.sh).
func TestReadOnlyNotStale(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-openapi", "gen-openapi")
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.Name() != "readonly" {
			continue
		}
		const kept = "b/zz_generated.model_name.go"
		if c.Inputs[kept] == nil {
			t.Fatalf("the readonly case has no %s", kept)
		}
		header, _ := filepath.Abs("testdata/boilerplate.go.txt")
		work := c.Setup(t)
		if res := testkit.Run(t, work, nil, bin, c.Expand(header, work)...); res.ExitCode != 0 {
			t.Fatalf("exit %d: %s", res.ExitCode, res.Stderr)
		}
		if got, err := os.ReadFile(filepath.Join(work, kept)); err != nil || string(got) != string(c.Inputs[kept]) {
			t.Errorf("%s of the read-only package was removed or changed (%v)", kept, err)
		}
		return
	}
	t.Fatal("no readonly case")
}
