package deepcopy_test

import (
	"path/filepath"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-deepcopy on every testdata case and compares what it
// writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")
	header, _ := filepath.Abs("testdata/boilerplate.go.txt")
	for _, c := range testkit.LoadCases(t, "testdata") {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			dir := c.Setup(t)
			res := testkit.Run(t, dir, nil, bin, c.Expand(header)...)
			c.Check(t, dir, res)
		})
	}
}

// TestGoldenMatchesUpstream runs upstream deepcopy-gen v0.37.2 on every
// case that succeeds, and requires exactly the files the golden
// expectations hold: the golden files are upstream's output.
func TestGoldenMatchesUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream deepcopy-gen")
	}
	bin := testkit.BuildUpstream(t, "k8s.io/code-generator@v0.37.2", "k8s.io/code-generator/cmd/deepcopy-gen")
	header, _ := filepath.Abs("testdata/boilerplate.go.txt")
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.WantErr != nil {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			dir := c.Setup(t)
			res := testkit.Run(t, dir, nil, bin, c.Expand(header)...)
			if res.ExitCode != 0 {
				t.Fatalf("upstream failed (%d):\n%s", res.ExitCode, res.Stderr)
			}
			got := map[string][]byte{}
			for name, data := range testkit.Snapshot(t, dir) {
				if _, isInput := c.Inputs[name]; !isInput {
					got[name] = []byte(data)
				}
			}
			testkit.CompareFiles(t, c.Want, got)
		})
	}
}
