package openapi_test

import (
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
