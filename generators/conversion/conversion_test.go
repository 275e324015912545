package conversion_test

import (
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-conversion on every testdata case and compares what
// it writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-conversion", "gen-conversion")
	testkit.RunGolden(t, "testdata", bin)
}

// TestGoldenMatchesUpstream requires upstream conversion-gen v0.37.2 to
// write exactly the golden files of every case that succeeds.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream conversion-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/conversion-gen")
	testkit.RunGoldenUpstream(t, "testdata", bin)
}
