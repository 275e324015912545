package conformance

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestKubegenAllMatchesSeparateGenerators runs "kubegen all" on a copy of
// k8s.io/api with helpers calls, a validation-gen call, and the openapi
// and client (watch, applyconfig) calls, and on another
// copy the separate generator commands with the flags kube_codegen.sh
// (and, for validation-gen, kubernetes' update-codegen.sh) gives the
// upstream tools; every generated file must be the same, and
// scheduling/v1alpha3's validations the shipped file. (Each separate
// command is held byte-identical to its upstream tool by the other
// conformance tests.)
//
// helpers runs on every group but those that ask for validation-gen:
// over them kube_codegen.sh's gen_helpers fails, as kubegen's does (see
// TestKubegenHelpersKubernetesAPI). Their validations need
// apimachinery's meta/v1/validation among the inputs, as in kubernetes'
// tree, which the validation-gen call gives; their deep copies stay as
// shipped (other groups' refer to them: deepcopy-gen needs them
// generated in the same job, or on disk).
func TestKubegenAllMatchesSeparateGenerators(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates k8s.io/api's code twice")
	}
	api := ModuleDir(t, APIModule)
	kube := ModuleDir(t, KubernetesModule)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	const outPkg = "k8s.io/api/generated"
	// storagemigration/v1 holds a metav1.GroupResource, which has no apply
	// configuration among these inputs (kubegen says so; upstream writes
	// the field as a plain struct).
	const externals = "k8s.io/apimachinery/pkg/apis/meta/v1.GroupResource:k8s.io/client-go/applyconfigurations/meta/v1"

	// The groups asking for validation-gen, and the others.
	validationDirs := taggedDirs(t, api, `^\s*//\s*\+k8s:validation-gen=`)
	rel := func(dir string) string {
		r, _ := filepath.Rel(api, dir)
		return filepath.ToSlash(r)
	}
	group := func(dir string) string { return strings.Split(rel(dir), "/")[0] }
	var validated, helped []string
	for _, d := range validationDirs {
		validated = append(validated, group(d))
	}
	var deepcopyDirs []string // of the helpers calls
	for _, d := range taggedDirs(t, api, `^\s*//\s*\+k8s:deepcopy-gen=`) {
		if g := group(d); !slices.Contains(validated, g) {
			deepcopyDirs = append(deepcopyDirs, "./"+rel(d))
			if !slices.Contains(helped, g) {
				helped = append(helped, g)
			}
		}
	}
	if len(validationDirs) != 3 || len(helped) < 20 {
		t.Fatalf("%d directories ask for validation-gen (want 3: extensions, resource, scheduling), %d groups for helpers only: has k8s.io/api moved?", len(validationDirs), len(helped))
	}

	// Both copies keep the deep copies of the validated groups, which
	// the other groups' refer to.
	together, apart := filepath.Join(t.TempDir(), "api"), filepath.Join(t.TempDir(), "api")
	for _, dir := range []string{together, apart} {
		testkit.CopyDir(t, api, dir)
		for name := range testkit.Snapshot(t, dir) {
			if base := filepath.Base(name); strings.HasPrefix(base, "zz_generated.") &&
				(base != "zz_generated.deepcopy.go" || !slices.Contains(validated, strings.Split(name, "/")[0])) {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}

	validationArgs := []string{"--output-file", validationFile, "--lint-rules=known-tags-only,require-explicit-disablement"}
	for _, p := range validationReadOnly {
		validationArgs = append(validationArgs, "--readonly-pkg", p)
	}
	validationArgs = append(validationArgs, "k8s.io/apimachinery/pkg/apis/meta/v1/validation")
	for _, d := range validationDirs {
		validationArgs = append(validationArgs, "./"+rel(d))
	}

	kubegen := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	common := []string{"--boilerplate", header}
	args := []string{"all"}
	for _, g := range helped {
		args = slices.Concat(args, []string{"helpers"}, common, []string{"./" + g, "--"})
	}
	args = slices.Concat(args,
		[]string{"validation-gen", "--go-header-file", header}, validationArgs,
		[]string{"--", "openapi"}, common,
		[]string{"--output-dir", "generated/openapi", "--output-pkg", outPkg + "/openapi",
			"--report-filename", "violations.list", "--update-report", ".", "--", "client"}, common,
		[]string{"--with-watch", "--with-applyconfig", "--applyconfig-externals", externals, "--output-dir", "generated", "--output-pkg", outPkg,
			"--plural-exceptions", "Endpoints:Endpoints", "."})
	res := testkit.Run(t, together, []string{"KUBEGEN_CACHE=off"}, kubegen, args...)
	if res.ExitCode != 0 {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	// The same calls, tool by tool, as kube_codegen.sh makes them.
	openapiDirs := taggedDirs(t, apart, `^\s*//\s*\+k8s:openapi`)
	var clientDirs, groupVersions []string
	for _, d := range taggedDirs(t, apart, `^\s*//\s*\+genclient`) {
		if regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]+)?$`).MatchString(filepath.Base(d)) {
			clientDirs = append(clientDirs, d)
			groupVersions = append(groupVersions, "--input", filepath.Base(filepath.Dir(d))+"/"+filepath.Base(d))
		}
	}
	out := func(sub string) []string {
		return []string{"--output-dir", filepath.Join(apart, "generated", sub), "--output-pkg", outPkg + "/" + sub}
	}
	for _, step := range []struct {
		cmd  string
		args []string
	}{
		{"gen-deepcopy", append([]string{"--output-file", "zz_generated.deepcopy.go"}, deepcopyDirs...)},
		{"gen-validation", validationArgs},
		{"gen-openapi", slices.Concat([]string{"--output-file", "zz_generated.openapi.go",
			"--output-dir", filepath.Join(apart, "generated/openapi"), "--output-pkg", outPkg + "/openapi",
			"--report-filename", filepath.Join(apart, "violations.list"), "--output-model-name-file="},
			[]string{"k8s.io/apimachinery/pkg/apis/meta/v1", "k8s.io/apimachinery/pkg/runtime",
				"k8s.io/apimachinery/pkg/version", "k8s.io/apimachinery/pkg/api/resource"}, openapiDirs)},
		{"gen-applyconfig", slices.Concat(out("applyconfiguration"), []string{"--external-applyconfigurations", externals, "--openapi-schema", ""}, clientDirs)},
		{"gen-clientset", slices.Concat(out("clientset"), []string{"--clientset-name", "versioned",
			"--apply-configuration-package", outPkg + "/applyconfiguration", "--input-base", apart,
			"--plural-exceptions", "Endpoints:Endpoints", "--prefers-protobuf=false"}, groupVersions)},
		{"gen-lister", slices.Concat(out("listers"), []string{"--plural-exceptions", "Endpoints:Endpoints"}, clientDirs)},
		{"gen-informer", slices.Concat(out("informers"), []string{"--versioned-clientset-package", outPkg + "/clientset/versioned",
			"--listers-package", outPkg + "/listers", "--plural-exceptions", "Endpoints:Endpoints"}, clientDirs)},
	} {
		bin := testkit.BuildCommand(t, "./cmd/"+step.cmd, step.cmd)
		if res := testkit.Run(t, apart, nil, bin, append([]string{"--go-header-file", header}, step.args...)...); res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s", step.cmd, res.ExitCode, res.Stderr)
		}
	}

	want, got := generatedFiles(t, apart), generatedFiles(t, together)
	CompareGenerated(t, "kubegen all", "the separate generators", want, got)
	if len(want) < 2000 {
		t.Errorf("only %d generated files: did a generator not run?", len(want))
	}
	validations := filesNamed(t, together, validationFile)
	if len(validations) != 2 {
		t.Errorf("%d %s files, want 2 (resource/v1, scheduling/v1alpha3)", len(validations), validationFile)
	}
	// resource/v1's depends on the validations of kubernetes' own
	// packages, which this tree lacks; scheduling/v1alpha3's does not.
	const scheduling = "scheduling/v1alpha3/" + validationFile
	shipped, err := os.ReadFile(filepath.Join(api, scheduling))
	if err != nil {
		t.Fatal(err)
	}
	if string(validations[scheduling]) != string(shipped) {
		t.Errorf("%s differs from the shipped file:\n%s", scheduling, testkit.Diff(string(shipped), string(validations[scheduling])))
	}
}

// TestKubegenHelpersKubernetesAPI: kube_codegen.sh's gen_helpers over the
// whole of k8s.io/api fails in validation-gen (with KUBE_CODEGEN_READONLY_PKGS'
// meta/v1 read-only, metav1.Condition's custom validation function, in
// meta/v1/validation, is not found); kubegen's helpers fails the same way,
// with upstream's message and its position, and writes nothing.
func TestKubegenHelpersKubernetesAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream validation-gen")
	}
	api := ModuleDir(t, APIModule)
	kube := ModuleDir(t, KubernetesModule)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	dir := filepath.Join(t.TempDir(), "api")
	testkit.CopyDir(t, api, dir)
	before := testkit.Snapshot(t, dir)

	// gen_helpers' validation-gen step, as kube_codegen.sh runs it.
	upstream := testkit.BuildUpstream(t, CodeGeneratorModule, "k8s.io/code-generator/cmd/validation-gen")
	args := []string{"--output-file", validationFile}
	for _, p := range []string{"k8s.io/apimachinery/pkg/apis/meta/v1", "k8s.io/apimachinery/pkg/api/resource", "k8s.io/apimachinery/pkg/runtime",
		"k8s.io/apimachinery/pkg/types", "k8s.io/apimachinery/pkg/util/intstr", "k8s.io/apimachinery/pkg/version", "time"} {
		args = append(args, "--readonly-pkg", p)
	}
	args = append(args, "--go-header-file", header)
	for _, d := range taggedDirs(t, dir, `^\s*//\s*\+k8s:validation-gen=`) {
		args = append(args, d)
	}
	up := testkit.Run(t, dir, nil, upstream, args...)
	_, msg, _ := strings.Cut(strings.TrimSpace(up.Stderr), "] ")
	if up.ExitCode == 0 || !strings.Contains(msg, "ValidateCustom_Condition_LastTransitionTime was not found") {
		t.Fatalf("upstream validation-gen: exit %d, want the failure this test is about\n%s", up.ExitCode, up.Stderr)
	}
	testkit.RequireUnchanged(t, dir, before)

	kubegen := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	res := testkit.Run(t, dir, []string{"KUBEGEN_CACHE=off"}, kubegen, "helpers", "--boilerplate", header, ".")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, msg) || !strings.Contains(res.Stderr, "pkg/apis/meta/v1/types.go:") {
		t.Errorf("kubegen helpers: exit %d (want 1), stderr lacks upstream's %q with its position:\n%s", res.ExitCode, msg, res.Stderr)
	}
	if want := "Generating deepcopy code for 60 targets\nGenerating validation code for 3 targets\n"; !strings.HasPrefix(res.Stdout, want) {
		t.Errorf("stdout:\n%s\nwant first (kube_codegen.sh's counts):\n%s", res.Stdout, want)
	}
	testkit.RequireUnchanged(t, dir, before)
}

// taggedDirs lists, as absolute paths, the directories under root with a
// Go file that has a line matching pattern (kube_codegen.sh's grep).
func taggedDirs(t *testing.T, root, pattern string) []string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			if re.Match(sc.Bytes()) {
				dirs = append(dirs, filepath.Dir(p))
				break
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// generatedFiles returns the files under dir that a generator wrote.
func generatedFiles(t *testing.T, dir string) map[string][]byte {
	files := map[string][]byte{}
	for name, data := range testkit.Snapshot(t, dir) {
		if strings.Contains(data, "\n// Code generated by ") || name == "violations.list" {
			files[name] = []byte(data)
		}
	}
	return files
}
