package validation_test

import (
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

const upstreamModule = "k8s.io/code-generator@v0.37.2"

// TestGolden runs gen-validation on every testdata case and compares what
// it writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-validation", "gen-validation")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream validation-gen v0.37.2 to
// write exactly the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream validation-gen")
	}
	bin := testkit.BuildUpstream(t, upstreamModule, "k8s.io/code-generator/cmd/validation-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}

// TestBadCasesFailUpstream holds every error case to upstream's verdict
// (see testkit.CheckUpstreamVerdicts).
func TestBadCasesFailUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream validation-gen")
	}
	bin := testkit.BuildUpstream(t, upstreamModule, "k8s.io/code-generator/cmd/validation-gen")
	testkit.CheckUpstreamVerdicts(t, "testdata", 10, func(t *testing.T, work string, args []string) testkit.Result {
		return testkit.Run(t, work, nil, bin, args...)
	}, func(t *testing.T, work string) testkit.Result {
		return testkit.Run(t, work, []string{"GOFLAGS=-mod=mod", "GOWORK=off"}, "go", "build", "./...")
	})
}
