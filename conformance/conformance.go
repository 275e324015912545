// Package conformance regenerates the code that Kubernetes ships and
// requires kubegen's output to be byte-identical to it.
//
// The references come from the Go module proxy, at the versions kubegen
// is pinned to: k8s.io/api v0.37.2 (its zz_generated.deepcopy.go files)
// and k8s.io/kubernetes v1.37.2 (hack/boilerplate, and
// hack/update-codegen.sh for the flags). Inputs are copied to a writable
// temporary directory; the module cache is never written to.
//
// Run with: go test ./conformance/
//
// On a difference the test names every file that differs and prints a
// unified diff of each (shipped file first), then the count of identical
// files per generator.
package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Pinned reference modules.
const (
	APIModule        = "k8s.io/api@v0.37.2"
	KubernetesModule = "k8s.io/kubernetes@v1.37.2"
)

// ModuleDir downloads a module through the Go module proxy (or finds it in
// the module cache) and returns its read-only directory.
func ModuleDir(t testing.TB, module string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); err != nil || jerr != nil || info.Dir == "" {
		msg := fmt.Sprintf("go mod download %s: %v %s %s", module, err, info.Error, stderrOf(err))
		if os.Getenv("CI") == "" {
			t.Skipf("%s (no module proxy?); CI runs this test", msg)
		}
		t.Fatal(msg)
	}
	return info.Dir
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
