package testkit

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The modules the CRD checker (testdata/crdcheck) is built against: the
// apiserver's own CRD validation, at the k8s.io release kubegen follows.
var crdcheckRequires = []string{
	"k8s.io/apiextensions-apiserver@v0.37.2",
	"k8s.io/apimachinery@v0.37.2",
	"sigs.k8s.io/json@v0.0.0-20250730193827-2d320260d730",
	"sigs.k8s.io/yaml@v1.6.0",
}

// CheckCRDs checks CustomResourceDefinition manifests as a kube-apiserver
// would on create, and fails the test for every one it would reject.
// files maps a file name (a relative path, as in a CRD output directory)
// to its content as controller-gen writes it: an optional header, then
// "---"-separated documents, each an apiextensions.k8s.io/v1
// CustomResourceDefinition.
//
// Each document is decoded strictly (duplicate keys and fields the v1
// types have no place for are errors, at any depth of the schemas),
// defaulted and converted to the internal version through the
// apiextensions scheme, and validated by
// k8s.io/apiextensions-apiserver's
// validation.ValidateCustomResourceDefinition: structural schemas,
// defaults, list and map types, and x-kubernetes-validations CEL rules
// compiled with their cost limits. A file with no CRD, a document of
// another kind and a CRD name defined twice are errors too. Each error is
// reported as "FILE: CRD: PATH: message".
//
// The checker is a program of ours built once per test binary (see
// BuildProgram); like BuildProgram, outside CI it skips the test when it
// cannot be built.
func CheckCRDs(t testing.TB, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("CheckCRDs: no files")
	}
	bin := BuildProgram(t, filepath.Join(RepoRoot(t), "internal", "testkit", "testdata", "crdcheck"), crdcheckRequires...)
	dir := t.TempDir()
	names := make([]string, 0, len(files))
	for name, content := range files {
		if !filepath.IsLocal(name) {
			t.Fatalf("CheckCRDs: file name %q is not a relative path inside the output", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	res := Run(t, dir, nil, bin, names...)
	out := strings.TrimRight(res.Stdout, "\n")
	lines := strings.Split(out, "\n")
	summary := lines[len(lines)-1]
	m := crdcheckSummary.FindStringSubmatch(summary)
	if m == nil || res.ExitCode > 1 || (res.ExitCode == 0) != (m[3] == "0") {
		t.Fatalf("CheckCRDs: the checker failed (exit %d):\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res.ExitCode == 0 {
		t.Logf("%s CRDs in %s files accepted", m[1], m[2])
		return
	}
	t.Errorf("%s CRDs in %s files, %s rejected (an apiserver would refuse them):\n%s",
		m[1], m[2], m[3], strings.Join(lines[:len(lines)-1], "\n"))
}

var crdcheckSummary = regexp.MustCompile(`^crdcheck: (\d+) CRDs in (\d+) files, (\d+) rejected$`)
