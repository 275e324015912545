package validation

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kubegen/kubegen/generators/run"
)

var _ run.Prefetcher = (*Generator)(nil)

// inputTagLine finds +k8s:validation-gen-input=<path> in a doc.go.
var inputTagLine = regexp.MustCompile(`(?m)^\s*//\s*\+k8s:validation-gen-input=(\S+)`)

// Prefetch implements run.Prefetcher: the read-only packages, and the
// packages that the doc.go of input directories name with
// +k8s:validation-gen-input (Kubernetes' pkg/apis/<group>/<version>
// validate the types of k8s.io/api), all loaded from source later.
func (g *Generator) Prefetch(patterns []string) []string {
	var out []string
	for _, ro := range g.ReadOnlyPkgs {
		if ro = unvendored(ro); !strings.Contains(ro, "...") {
			out = append(out, ro)
		}
	}
	for _, p := range patterns {
		if strings.Contains(p, "...") || !(strings.HasPrefix(p, ".") || filepath.IsAbs(p)) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(p, "doc.go"))
		if err != nil {
			continue
		}
		for _, m := range inputTagLine.FindAllSubmatch(src, -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// unvendored is a --readonly-pkg path without the vendor directory it
// may name (".../vendor/k8s.io/api/core/v1" is k8s.io/api/core/v1).
func unvendored(path string) string {
	if _, after, ok := strings.Cut(path, "/vendor/"); ok {
		return after
	}
	return path
}
