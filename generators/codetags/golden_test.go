package codetags

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestTrickyGolden records how this package reads each hand-written line
// (testdata/tricky.golden; -update rewrites it): the tag in normal form,
// or the error with its position, in both modes. The verdicts are checked
// against upstream by TestUpstreamDifferential; this file is where the
// messages are reviewed.
func TestTrickyGolden(t *testing.T) {
	var b strings.Builder
	for i, line := range trickyCorpus(t).lines {
		fmt.Fprintf(&b, "%q\n", line)
		pos := token.Position{Filename: "tricky.go", Line: i + 1, Column: 4}
		for _, mode := range []struct {
			name string
			opts []Option
		}{{"default", nil}, {"raw", []Option{Raw()}}} {
			tag, ok, err := ParseLine("+", Line{Text: line, Pos: pos}, mode.opts...)
			switch {
			case !ok:
				fmt.Fprintf(&b, "\t%s: no tag\n", mode.name)
			case err != nil:
				fmt.Fprintf(&b, "\t%s: error: %v\n", mode.name, err)
			default:
				fmt.Fprintf(&b, "\t%s: +%s\n", mode.name, tag)
			}
		}
	}
	testkit.GoldenFile(t, "testdata/tricky.golden", b.String())
}
