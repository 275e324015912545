package conformance

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// CodeGeneratorModule is the module of validation-gen, whose
// cmd/validation-gen/output_tests are the reference.
const CodeGeneratorModule = "k8s.io/code-generator@v0.37.2"

const (
	validationFile     = "zz_generated.validations.go"
	validationFixture  = "zz_generated.validations_test.go"
	validationCoverage = "zz_generated.validations_coverage_test.go"
)

// TestValidationOutputTests regenerates validation-gen's output_tests the
// way their generate.go does (one run over ./... from output_tests) and
// requires every zz_generated.validations.go, fixture and coverage test
// file to be upstream's, printing a diff of each that differs; then
// --verify at GOMAXPROCS 1 and 8 must find nothing to change. Then
// (subtest runtime, not with -short) the output_tests packages' own Go
// tests must pass over the regenerated tree, and fail with deliberately
// wrong output (runtime/mutations); see checkValidationRuntime.
func TestValidationOutputTests(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-validation", "gen-validation")
	work, tests := codeGeneratorOutputTests(t, "validation-gen",
		"--output-file zz_generated.validations.go --go-header-file=../../../examples/hack/boilerplate.go.txt ./...")

	want := map[string][]byte{}
	for _, name := range []string{validationFile, validationFixture, validationCoverage} {
		for rel, data := range filesNamed(t, tests, name) {
			want[rel] = data
			if err := os.Remove(filepath.Join(tests, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := countNamed(want, validationFile); n != 153 {
		t.Errorf("found %d upstream %s files, want 153: has the reference moved?", n, validationFile)
	}

	args := []string{"--output-file", validationFile, "--go-header-file=../../../examples/hack/boilerplate.go.txt", "./..."}
	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod"}
	if res := testkit.Run(t, tests, env, bin, args...); res.ExitCode != 0 || res.Stderr != "" {
		t.Fatalf("gen-validation: exit %d\n%s", res.ExitCode, clip(res.Stderr, 40))
	}
	got := map[string][]byte{}
	for _, name := range []string{validationFile, validationFixture, validationCoverage} {
		maps.Copy(got, filesNamed(t, tests, name))
	}
	reportValidation(t, want, got)
	// The same bytes whatever the parallelism.
	for _, procs := range []string{"1", "8"} {
		if res := testkit.Run(t, tests, append(env, "GOMAXPROCS="+procs), bin, append(args, "--verify")...); res.ExitCode != 0 {
			t.Errorf("--verify over the regenerated tree, GOMAXPROCS=%s: exit %d\n%s%s", procs, res.ExitCode, clip(res.Stdout, 40), clip(res.Stderr, 20))
		}
	}

	// What the output does: the output_tests' own Go tests, over it.
	t.Run("runtime", func(t *testing.T) {
		if testing.Short() {
			t.Skip("compiles and runs about 150 test packages")
		}
		results := checkValidationRuntime(t, work)
		t.Run("mutations", func(t *testing.T) { checkValidationMutations(t, work, results) })
	})
}

// codeGeneratorOutputTests copies code-generator's module into a new
// directory, with the header file its output_tests' generate.go names
// (kubernetes' generated-code boilerplate, which the module lacks), and
// returns the copy and cmd/<tool>/output_tests in it. It fails if
// generate.go no longer runs the tool with args, as the tests do.
func codeGeneratorOutputTests(t *testing.T, tool, args string) (work, tests string) {
	t.Helper()
	work = t.TempDir()
	testkit.CopyDir(t, ModuleDir(t, CodeGeneratorModule), work)
	header, err := os.ReadFile(filepath.Join(ModuleDir(t, KubernetesModule), "hack/boilerplate/boilerplate.generatego.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(work, "examples/hack"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "examples/hack/boilerplate.go.txt"), header, 0o644); err != nil {
		t.Fatal(err)
	}
	tests = filepath.Join(work, "cmd", tool, "output_tests")
	line := "//go:generate go run k8s.io/code-generator/cmd/" + tool + " " + args
	if b, err := os.ReadFile(filepath.Join(tests, "generate.go")); err != nil || !bytes.Contains(b, []byte(line)) {
		t.Fatalf("%s/generate.go no longer holds %q (%v)", tests, line, err)
	}
	return work, tests
}

func countNamed(files map[string][]byte, name string) int {
	n := 0
	for rel := range files {
		if filepath.Base(rel) == name {
			n++
		}
	}
	return n
}

// reportValidation requires got to hold exactly the files upstream
// wrote (printing a diff of each that differs) and logs the counts: the
// structural directories, tags/, fixture and coverage tests.
func reportValidation(t *testing.T, want, got map[string][]byte) {
	testkit.CompareFiles(t, want, got)
	type count struct{ same, all int }
	counts := map[string]*count{}
	for _, kind := range []string{"structural", "tags/", "fixture tests", "coverage tests"} {
		counts[kind] = &count{}
	}
	for rel, data := range want {
		kind := "structural"
		switch {
		case filepath.Base(rel) == validationFixture:
			kind = "fixture tests"
		case filepath.Base(rel) == validationCoverage:
			kind = "coverage tests"
		case strings.HasPrefix(rel, "tags/"):
			kind = "tags/"
		}
		counts[kind].all++
		if bytes.Equal(got[rel], data) {
			counts[kind].same++
		}
	}
	c := func(kind string) string { return fmt.Sprintf("%s %d/%d", kind, counts[kind].same, counts[kind].all) }
	t.Logf("identical: %s, %s (%s files %d/%d), %s, %s", c("structural"), c("tags/"), validationFile,
		counts["structural"].same+counts["tags/"].same, counts["structural"].all+counts["tags/"].all, c("fixture tests"), c("coverage tests"))
}

// clip keeps the first n lines of s.
func clip(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
}

// TestValidationDocs requires gen-validation --docs to print what
// validation-gen --docs prints: every tag's documentation.
func TestValidationDocs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream validation-gen")
	}
	up := testkit.BuildUpstream(t, CodeGeneratorModule, "k8s.io/code-generator/cmd/validation-gen")
	ours := testkit.BuildCommand(t, "./cmd/gen-validation", "gen-validation")
	dir := t.TempDir()
	want := testkit.Run(t, dir, nil, up, "--docs")
	got := testkit.Run(t, dir, nil, ours, "--docs")
	if want.ExitCode != 0 || got.ExitCode != 0 {
		t.Fatalf("--docs: upstream exit %d, ours %d\n%s", want.ExitCode, got.ExitCode, got.Stderr)
	}
	if got.Stdout != want.Stdout {
		t.Errorf("--docs differs:\n%s", clip(testkit.Diff(want.Stdout, got.Stdout), 80))
	}
}

// validationReadOnly are the --readonly-pkg packages of kubernetes'
// hack/update-codegen.sh.
var validationReadOnly = []string{
	"k8s.io/apimachinery/pkg/api/resource",
	"k8s.io/apimachinery/pkg/runtime",
	"k8s.io/apimachinery/pkg/types",
	"k8s.io/apimachinery/pkg/util/intstr",
	"time",
}

// validationFlags are the other flags update-codegen.sh gives
// validation-gen (besides -v, the header file and the read-only packages).
var validationFlags = []string{
	"--output-file", validationFile,
	"--test-output-root", "test/declarative_validation",
	"--test-output-file-prefix", "zz_generated.validations.",
	"--test-allowlist", "test/declarative_validation/coverage-allowlist.yaml",
	"--lint-rules=known-tags-only,require-explicit-disablement",
}

// TestValidationKubernetes runs gen-validation --verify over the
// kubernetes v1.37.2 tree exactly as update-codegen.sh's
// codegen::validation runs validation-gen (one run over every directory
// with a +k8s:validation-gen= tag, its flags, its read-only packages, the
// coverage fixtures under test/declarative_validation): every file it
// writes (the validations of kubernetes' pkg/apis, k8s.io/api,
// apimachinery, dynamic-resource-allocation and code-generator's
// output_tests, their fixture and coverage tests, the fixtures under
// test/declarative_validation) must be the shipped one, as the module
// proxy serves it, and nothing may be missing or extra. --verify writes
// nothing, so the shared tree stays as shipped.
func TestValidationKubernetes(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the kubernetes tree")
	}
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "validation-gen", append([]string{`--output-file "${output_file}"`, validationFlags[8],
		`--go-header-file "${BOILERPLATE_FILENAME}"`, `local output_file="${output_file_prefix}go"`,
		`local output_file_prefix="${GENERATED_FILE_PREFIX}validations."`,
		`--test-output-root "test/declarative_validation"`, `--test-output-file-prefix "${output_file_prefix}"`,
		`--test-allowlist "test/declarative_validation/coverage-allowlist.yaml"`,
		`grep -l --null '+k8s:validation-gen=' "${ALL_K8S_TAG_FILES[@]}"`, `tag_pkgs+=("./$dir")`}, validationReadOnly...)...)
	tree := kubernetesTree(t)
	var inputs []string
	for _, d := range tagDirs(t, tree, regexp.MustCompile(`\+k8s:validation-gen=`)) {
		inputs = append(inputs, "./"+d)
	}
	// Everything validation-gen writes is called zz_generated.validations.*.
	shipped, inTree := map[string][]byte{}, map[string][]byte{}
	for _, name := range []string{validationFile, validationFixture, validationCoverage} {
		maps.Copy(shipped, shippedFiles(t, tree, kube, name))
		maps.Copy(inTree, filesNamed(t, tree, name))
	}
	fixtures := filepath.Join(kube, "test/declarative_validation")
	for rel, data := range filesWhere(t, fixtures, func(name string) bool { return strings.HasPrefix(name, "zz_generated.validations.") }) {
		shipped["test/declarative_validation/"+rel] = data
		inTree["test/declarative_validation/"+rel], _ = os.ReadFile(filepath.Join(tree, "test/declarative_validation", rel))
	}
	for name, data := range shipped {
		if !bytes.Equal(inTree[name], data) {
			t.Fatalf("%s in the tree %s is not as shipped: restore it (or remove the tree to assemble it again)", name, tree)
		}
	}
	if len(inputs) < 200 || countNamed(shipped, validationFile) < 200 {
		t.Errorf("%d tagged directories and %d shipped %s: has the reference moved?", len(inputs), countNamed(shipped, validationFile), validationFile)
	}

	bin := testkit.BuildCommand(t, "./cmd/gen-validation", "gen-validation")
	args := slices.Concat([]string{"--verify", "-v", "1", "--go-header-file", filepath.Join(tree, "hack/boilerplate/boilerplate.generatego.txt")}, validationFlags)
	for _, p := range validationReadOnly {
		args = append(args, "--readonly-pkg", p)
	}
	res := testkit.Run(t, tree, nil, bin, append(args, inputs...)...)
	if res.ExitCode != 0 {
		t.Fatalf("gen-validation --verify over %d packages: exit %d (what it writes differs from the shipped files, or it failed)\n%s%s",
			len(inputs), res.ExitCode, clip(res.Stdout, 80), clip(res.Stderr, 20))
	}
	// -v 1 ends with "N files: 0 written, N unchanged, 0 stale removed".
	var files, written, unchanged, removed int
	if _, err := fmt.Sscanf(lastLine(res.Stderr), "%d files: %d written, %d unchanged, %d stale removed", &files, &written, &unchanged, &removed); err != nil {
		t.Fatalf("cannot read the summary line of gen-validation -v 1: %v\n%s", err, res.Stderr)
	}
	if files != len(shipped) || unchanged != len(shipped) {
		t.Errorf("gen-validation generates %d files (%d unchanged), but %d were shipped", files, unchanged, len(shipped))
	}
	t.Logf("validation-gen over %d packages: %d/%d files identical to %s and its staging modules (%d %s)",
		len(inputs), unchanged, len(shipped), KubernetesModule, countNamed(shipped, validationFile), validationFile)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
