package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestFieldNameDocsKubernetes runs fieldnamedocscheck over the files
// kubernetes' hack/verify-fieldname-docs.sh checks (the versioned
// types.go of k8s.io/api, kube-aggregator and apiextensions-apiserver
// v0.37.2), which pass upstream: nothing may be found. A field name
// misspelled into one of them is then found at its line.
func TestFieldNameDocsKubernetes(t *testing.T) {
	kube := ModuleDir(t, KubernetesModule)
	script, err := os.ReadFile(filepath.Join(kube, "hack/verify-fieldname-docs.sh"))
	if err != nil {
		t.Fatal(err)
	}
	patterns := map[string]string{ // module → the script's pattern within it
		APIModule:                                "api/*/v*/types.go",
		"k8s.io/kube-aggregator@v0.37.2":         "kube-aggregator/pkg/apis/*/v*/types.go",
		"k8s.io/apiextensions-apiserver@v0.37.2": "apiextensions-apiserver/pkg/apis/*/v*/types.go",
	}
	var files []string
	for module, pattern := range patterns {
		if !strings.Contains(string(script), "'./staging/src/k8s.io/"+pattern+"'") {
			t.Fatalf("verify-fieldname-docs.sh no longer checks %s: the file set changed", pattern)
		}
		_, within, _ := strings.Cut(pattern, "/")
		matches, err := filepath.Glob(filepath.Join(ModuleDir(t, module), within))
		if err != nil || len(matches) == 0 {
			t.Fatalf("no %s in %s (%v)", within, module, err)
		}
		files = append(files, matches...)
	}
	if len(files) < 60 {
		t.Errorf("only %d files to check: has the layout moved?", len(files))
	}
	bin := testkit.BuildCommand(t, "./cmd/fieldnamedocscheck", "fieldnamedocscheck")
	if res := testkit.Run(t, t.TempDir(), nil, bin, files...); res.ExitCode != 0 || res.Stderr != "" {
		t.Fatalf("fieldnamedocscheck on %d files that pass upstream: exit %d\n%s", len(files), res.ExitCode, res.Stderr)
	}
	t.Logf("%d files checked, nothing found", len(files))

	src, err := os.ReadFile(filepath.Join(ModuleDir(t, APIModule), "apps/v1/types.go"))
	if err != nil {
		t.Fatal(err)
	}
	field := "\tReplicas *int32 `json:\"replicas,omitempty\""
	at := strings.Index(string(src), field)
	if at < 0 {
		t.Fatal("apps/v1/types.go has no Replicas field to document")
	}
	line := strings.Count(string(src[:at]), "\n") + 1
	bad := filepath.Join(t.TempDir(), "types.go")
	os.WriteFile(bad, []byte(string(src[:at])+"\t// See `Selector`.\n"+string(src[at:])), 0o644)
	res := testkit.Run(t, t.TempDir(), nil, bin, "-s", bad)
	want := fmt.Sprintf("%s:%d:2: doc for StatefulSetSpec.replicas contains: Selector, which should be: selector\n", bad, line)
	if res.ExitCode != 1 || res.Stderr != want {
		t.Errorf("misnamed field: exit %d, stderr\n%s\nwant exit 1, stderr\n%s", res.ExitCode, res.Stderr, want)
	}
}
