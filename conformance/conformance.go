// Package conformance regenerates the code that Kubernetes ships and
// requires kubegen's output to be byte-identical to it.
//
// The references come from the Go module proxy, at the versions kubegen
// is pinned to: k8s.io/api v0.37.2 (its zz_generated.deepcopy.go files),
// k8s.io/client-go v0.37.2 (listers/) and k8s.io/kubernetes v1.37.2
// (hack/boilerplate, and hack/update-codegen.sh for the flags). Inputs are copied to a writable
// temporary directory; the module cache is never written to.
//
// Run with: go test ./conformance/
//
// On a difference the test names every file that differs and prints a
// unified diff of each (shipped file first), then the count of identical
// files per generator.
package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// Pinned reference modules.
const (
	APIModule          = "k8s.io/api@v0.37.2"
	APIMachineryModule = "k8s.io/apimachinery@v0.37.2" // the apimachinery k8s.io/api v0.37.2 is built on
	ClientGoModule     = "k8s.io/client-go@v0.37.2"
	KubernetesModule   = "k8s.io/kubernetes@v1.37.2"
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

// UpstreamCall returns the text of the call to tool in kubernetes'
// hack/update-codegen.sh, and fails the test if any of the wanted flags is
// no longer in it: the tests keep meaning "as kubernetes runs it".
func UpstreamCall(t testing.TB, kube, tool string, want ...string) string {
	t.Helper()
	script := filepath.Join(kube, "hack/update-codegen.sh")
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n    "+tool+" \\")
	if i < 0 {
		t.Fatalf("%s no longer runs %s", script, tool)
	}
	call := s[i : i+strings.Index(s[i:], `"$@"`)]
	for _, w := range want {
		if !strings.Contains(call, w) && !strings.Contains(s, w) {
			t.Errorf("%s: %s is no longer run with %s:\n%s", script, tool, w, call)
		}
	}
	return call
}

// CompareGenerated requires got to hold exactly the shipped files, byte
// for byte, and logs the count of identical files.
func CompareGenerated(t testing.TB, what, reference string, shipped, got map[string][]byte) {
	t.Helper()
	testkit.CompareFiles(t, shipped, got)
	same := 0
	for name, want := range shipped {
		if bytes.Equal(got[name], want) {
			same++
		}
	}
	t.Logf("%s: %d/%d files identical to %s", what, same, len(shipped), reference)
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
