package conformance

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// deepcopyFlags are the flags kubernetes' hack/update-codegen.sh gives
// deepcopy-gen (besides -v and the header file).
var deepcopyFlags = []string{
	"--output-file", "zz_generated.deepcopy.go",
	"--lint-rules=known-tags-only,require-explicit-disablement",
}

// TestDeepcopyKubernetesAPI regenerates every zz_generated.deepcopy.go of
// k8s.io/api the way kubernetes does, and requires each to match the
// shipped file byte for byte; then a --verify run over the result must
// find nothing to change.
func TestDeepcopyKubernetesAPI(t *testing.T) {
	api := ModuleDir(t, APIModule)
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "deepcopy-gen", `--output-file "${output_file}"`, deepcopyFlags[2],
		`--go-header-file "${BOILERPLATE_FILENAME}"`, `local output_file="${GENERATED_FILE_PREFIX}deepcopy.go"`)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	bin := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")

	work := t.TempDir()
	testkit.CopyDir(t, api, work)
	shipped := map[string][]byte{}
	var tagged []string // directories with a +k8s:deepcopy-gen= tag, as update-codegen.sh finds them
	err := filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(work, p)
		if filepath.Base(p) == "zz_generated.deepcopy.go" {
			shipped[filepath.ToSlash(rel)] = b
			return os.Remove(p)
		}
		if dir := "./" + filepath.ToSlash(filepath.Dir(rel)); strings.Contains(string(b), "+k8s:deepcopy-gen=") && !slices.Contains(tagged, dir) {
			tagged = append(tagged, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(tagged)

	args := append([]string{"--go-header-file", header}, deepcopyFlags...)
	res := testkit.Run(t, work, nil, bin, append(args, tagged...)...)
	if res.ExitCode != 0 {
		t.Fatalf("gen-deepcopy failed (%d):\n%s", res.ExitCode, res.Stderr)
	}
	got := map[string][]byte{}
	for name, data := range testkit.Snapshot(t, work) {
		if filepath.Base(name) == "zz_generated.deepcopy.go" {
			got[name] = []byte(data)
		}
	}
	CompareGenerated(t, "deepcopy", APIModule, shipped, got)
	if len(shipped) != 60 {
		t.Errorf("found %d shipped deepcopy files, want 60: has the reference moved?", len(shipped))
	}

	res = testkit.Run(t, work, nil, bin, append(append(args, "--verify"), tagged...)...)
	if res.ExitCode != 0 {
		t.Errorf("--verify over the regenerated tree: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

// TestDeepcopyOutputTests regenerates deepcopy-gen's own output_tests
// (code-generator v0.37.2) as their generate.go does, and requires the 8
// files byte for byte: among them gengo's spelling of builtins, byte for
// uint8 (make(map[string]byte, n) for a map[string]uint8).
func TestDeepcopyOutputTests(t *testing.T) {
	_, tests := codeGeneratorOutputTests(t, "deepcopy-gen", "--output-file zz_generated.deepcopy.go "+
		"--go-header-file=../../../examples/hack/boilerplate.go.txt k8s.io/code-generator/cmd/deepcopy-gen/output_tests/...")
	shipped := filesNamed(t, tests, "zz_generated.deepcopy.go")
	for rel := range shipped {
		if err := os.Remove(filepath.Join(tests, rel)); err != nil {
			t.Fatal(err)
		}
	}
	if len(shipped) != 8 {
		t.Errorf("found %d shipped deepcopy files in output_tests, want 8: has the reference moved?", len(shipped))
	}
	bin := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")
	res := testkit.Run(t, tests, []string{"GOWORK=off", "GOFLAGS=-mod=mod"}, bin, "--output-file", "zz_generated.deepcopy.go",
		"--go-header-file=../../../examples/hack/boilerplate.go.txt", "k8s.io/code-generator/cmd/deepcopy-gen/output_tests/...")
	if res.ExitCode != 0 {
		t.Fatalf("gen-deepcopy: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	CompareGenerated(t, "deepcopy output_tests", CodeGeneratorModule, shipped, filesNamed(t, tests, "zz_generated.deepcopy.go"))
}
