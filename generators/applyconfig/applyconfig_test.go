package applyconfig_test

import (
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-applyconfig on every testdata case and compares what
// it writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-applyconfig", "gen-applyconfig")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream applyconfiguration-gen
// v0.37.2 to write exactly the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream applyconfiguration-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/applyconfiguration-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}
