package conformance

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

const (
	openAPIFile   = "zz_generated.openapi.go"
	modelNameFile = "zz_generated.model_name.go"
	openAPIPkg    = "k8s.io/kubernetes/pkg/generated/openapi"
)

// openAPIFlags are the flags kubernetes' hack/update-codegen.sh gives
// openapi-gen (besides -v, the header, the report and the packages).
var openAPIFlags = []string{
	"--output-file", openAPIFile,
	"--output-pkg", openAPIPkg,
	"--output-model-name-file", modelNameFile,
}

// TestOpenAPIKubernetesAPI runs gen-openapi the way kubernetes runs
// openapi-gen, over the packages of k8s.io/api and k8s.io/apimachinery
// that carry +k8s:openapi tags, and requires:
//
//   - every schema function it writes to equal the one of kubernetes'
//     shipped pkg/generated/openapi/zz_generated.openapi.go, and its
//     GetOpenAPIDefinitions entries to be the shipped ones;
//   - every model-name file to equal the shipped one;
//   - the API-rule report to be the lines of kubernetes'
//     api/api-rules/violation_exceptions.list about these packages;
//   - a --verify run over the result to find nothing to do.
func TestOpenAPIKubernetesAPI(t *testing.T) {
	api := ModuleDir(t, APIModule)
	apimachinery := ModuleDir(t, APIMachineryModule)
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "openapi-gen",
		`--go-header-file "${BOILERPLATE_FILENAME}"`,
		`--output-file "${output_file}"`, `local output_file="${GENERATED_FILE_PREFIX}openapi.go"`,
		`--output-dir "${output_dir}"`, `--output-pkg "${output_pkg}"`, `local output_pkg="k8s.io/kubernetes/${output_dir}"`,
		`local output_dir="pkg/generated/openapi"`,
		`--report-filename "${report_file}"`,
		`--output-model-name-file "${output_model_name_file}"`, `local output_model_name_file="${GENERATED_FILE_PREFIX}model_name.go"`,
		`grep -l --null '+k8s:openapi'`)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	bin := testkit.BuildCommand(t, "./cmd/gen-openapi", "gen-openapi")

	// A workspace of writable copies: model-name files are written into
	// the input packages.
	work := t.TempDir()
	testkit.CopyDir(t, api, filepath.Join(work, "api"))
	testkit.CopyDir(t, apimachinery, filepath.Join(work, "apimachinery"))
	gowork := "go 1.26.0\n\nuse (\n\t./api\n\t./apimachinery\n)\n"
	if err := os.WriteFile(filepath.Join(work, "go.work"), []byte(gowork), 0o644); err != nil {
		t.Fatal(err)
	}
	shippedNames := map[string][]byte{}
	var inputs []string
	for _, mod := range []string{"api", "apimachinery"} {
		err := filepath.WalkDir(filepath.Join(work, mod), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(work, p)
			rel = filepath.ToSlash(rel)
			if filepath.Base(p) == modelNameFile {
				shippedNames[rel] = b
				return nil
			}
			// update-codegen.sh looks at files with +k8s: tags for '+k8s:openapi'.
			if dir := "./" + filepath.Dir(rel); strings.Contains(string(b), "+k8s:openapi") && !strings.HasSuffix(p, "_test.go") && !slices.Contains(inputs, dir) {
				inputs = append(inputs, dir)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(inputs)
	// The model-name files of the inputs are regenerated: remove them
	// (others, of packages without the tag, stay as they are).
	for name := range shippedNames {
		if !slices.Contains(inputs, "./"+filepath.Dir(name)) {
			delete(shippedNames, name)
		} else if err := os.Remove(filepath.Join(work, name)); err != nil {
			t.Fatal(err)
		}
	}
	if len(inputs) != 67 {
		t.Errorf("found %d tagged packages, want 67: has the reference moved?", len(inputs))
	}

	out := filepath.Join(work, "out")
	report := filepath.Join(work, "api_violations.report")
	args := append([]string{"--go-header-file", header, "--output-dir", out, "--report-filename", report}, openAPIFlags...)
	res := testkit.Run(t, work, nil, bin, append(args, inputs...)...)
	if res.ExitCode != 0 {
		t.Fatalf("gen-openapi failed (%d):\n%s", res.ExitCode, res.Stderr)
	}

	t.Run("definitions", func(t *testing.T) {
		shipped, err := os.ReadFile(filepath.Join(kube, "pkg/generated/openapi", openAPIFile))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, openAPIFile))
		if err != nil {
			t.Fatal(err)
		}
		want, have := splitFuncs(string(shipped)), splitFuncs(string(got))
		same := 0
		for _, name := range slices.Sorted(mapKeysOf(have.funcs)) {
			w, ok := want.funcs[name]
			switch {
			case !ok:
				t.Errorf("%s: not in the shipped file", name)
			case w != have.funcs[name]:
				t.Errorf("%s differs from the shipped function:\n%s", name, testkit.Diff(w, have.funcs[name]))
			default:
				same++
			}
		}
		for _, e := range have.entries {
			if !slices.Contains(want.entries, e) {
				t.Errorf("GetOpenAPIDefinitions entry %q is not in the shipped file", e)
			}
		}
		if len(have.funcs) < 1200 {
			t.Errorf("only %d schema functions written", len(have.funcs))
		}
		t.Logf("schema functions: %d/%d identical to %s (the shipped file has %d, for %d packages)",
			same, len(have.funcs), KubernetesModule, len(want.funcs), 106)
	})

	t.Run("model-names", func(t *testing.T) {
		got := map[string][]byte{}
		for name, data := range testkit.Snapshot(t, work) {
			if filepath.Base(name) == modelNameFile && slices.Contains(inputs, "./"+filepath.Dir(name)) {
				got[name] = []byte(data)
			}
		}
		CompareGenerated(t, "model names", KubernetesModule, shippedNames, got)
		if len(shippedNames) != 67 {
			t.Errorf("found %d shipped model-name files in the inputs, want 67", len(shippedNames))
		}
	})

	t.Run("report", func(t *testing.T) {
		pkgs := map[string]bool{}
		for _, in := range inputs {
			pkgs["k8s.io/"+strings.TrimPrefix(in, "./")] = true
		}
		var want []string
		f, err := os.Open(filepath.Join(kube, "api/api-rules/violation_exceptions.list"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for sc := bufio.NewScanner(f); sc.Scan(); {
			if parts := strings.Split(sc.Text(), ","); len(parts) == 4 && pkgs[parts[1]] {
				want = append(want, sc.Text())
			}
		}
		got, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		wantText := strings.Join(want, "\n") + "\n"
		if string(got) != wantText {
			t.Errorf("report differs from violation_exceptions.list:\n%s", testkit.Diff(wantText, string(got)))
		}
		t.Logf("API rule report: %d lines, identical: %v", len(want), string(got) == wantText)
	})

	t.Run("documents", func(t *testing.T) {
		if testing.Short() {
			t.Skip("compiles k8s.io/api and kube-openapi's builders")
		}
		checkOpenAPIDocuments(t, filepath.Join(out, openAPIFile))
	})

	res = testkit.Run(t, work, nil, bin, append(append(args, "--verify"), inputs...)...)
	if res.ExitCode != 0 {
		t.Errorf("--verify over the regenerated tree: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

// checkOpenAPIDocuments compiles a generated definitions file in a
// throwaway module (kubegen's own requirements: k8s.io/api and
// kube-openapi v0.37.2's) with documentsProgram, which builds an OpenAPI
// v2 and a v3 document from every definition with kube-openapi's
// builders, requires every $ref in them to resolve, and validates objects
// against a schema.
func checkOpenAPIDocuments(t *testing.T, generated string) {
	dir := t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(generated)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"go.mod":                 []byte(strings.Replace(string(gomod), "module github.com/kubegen/kubegen", "module example.com/docs", 1)),
		"go.sum":                 gosum,
		"openapi/" + openAPIFile: src,
		"main.go":                []byte(documentsProgram),
	}
	for name, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := testkit.Run(t, dir, []string{"GOFLAGS=-mod=mod", "GOWORK=off"}, "go", "run", ".")
	if res.ExitCode != 0 {
		t.Fatalf("building or checking the documents failed (%d):\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	t.Log(strings.TrimSpace(res.Stdout))
}

const documentsProgram = `package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"

	"example.com/docs/openapi"
	"k8s.io/kube-openapi/pkg/builder"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kube-openapi/pkg/validation/strfmt"
	"k8s.io/kube-openapi/pkg/validation/validate"
)

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

var refRE = regexp.MustCompile(` + "`" + `"\$ref":"([^"]*)"` + "`" + `)

// checkRefs requires every $ref in doc to name one of defs under prefix.
func checkRefs(what string, doc any, prefix string, defs map[string]bool) int {
	b, err := json.Marshal(doc)
	if err != nil {
		fail("%s: %v", what, err)
	}
	n := 0
	for _, m := range refRE.FindAllStringSubmatch(string(b), -1) {
		n++
		if len(m[1]) <= len(prefix) || m[1][:len(prefix)] != prefix || !defs[m[1][len(prefix):]] {
			fail("%s: dangling $ref %q", what, m[1])
		}
	}
	return n
}

func main() {
	defs := openapi.GetOpenAPIDefinitions(func(path string) spec.Ref { return spec.MustCreateRef(path) })
	var names []string
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names)
	info := &spec.Info{InfoProps: spec.InfoProps{Title: "kubegen", Version: "v0"}}

	v2, err := builder.BuildOpenAPIDefinitionsForResources(&common.Config{Info: info, GetDefinitions: openapi.GetOpenAPIDefinitions}, names...)
	if err != nil {
		fail("v2: %v", err)
	}
	v2defs := map[string]bool{}
	for name := range v2.Definitions {
		v2defs[name] = true
	}
	for _, name := range names {
		if !v2defs[name] {
			fail("v2: no definition %s", name)
		}
	}
	v2refs := checkRefs("v2", v2, "#/definitions/", v2defs)

	v3, err := builder3.BuildOpenAPIDefinitionsForResources(&common.OpenAPIV3Config{Info: info, GetDefinitions: openapi.GetOpenAPIDefinitions}, names...)
	if err != nil {
		fail("v3: %v", err)
	}
	v3defs := map[string]bool{}
	for name := range v3 {
		v3defs[name] = true
	}
	for _, name := range names {
		if !v3defs[name] {
			fail("v3: no schema %s", name)
		}
	}
	v3refs := checkRefs("v3", v3, "#/components/schemas/", v3defs)

	// Objects against a schema: required fields, enums, types.
	port := v2.Definitions["io.k8s.api.core.v1.ContainerPort"]
	for _, c := range []struct {
		obj   string
		valid bool
	}{
		{` + "`" + `{"containerPort": 80, "protocol": "TCP", "name": "http"}` + "`" + `, true},
		{` + "`" + `{"protocol": "TCP"}` + "`" + `, false},
		{` + "`" + `{"containerPort": 80, "protocol": "XTP"}` + "`" + `, false},
		{` + "`" + `{"containerPort": "80"}` + "`" + `, false},
	} {
		var obj any
		json.Unmarshal([]byte(c.obj), &obj)
		err := validate.AgainstSchema(&port, obj, strfmt.Default)
		if (err == nil) != c.valid {
			fail("ContainerPort %s: valid=%v, want %v (%v)", c.obj, err == nil, c.valid, err)
		}
	}
	fmt.Printf("OpenAPI documents: v2 %d definitions, %d refs; v3 %d schemas, %d refs; all refs resolve; 4 objects validated\n",
		len(v2.Definitions), v2refs, len(v3), v3refs)
}
`

// openAPIParts is a definitions file cut into its schema functions (by
// name) and the entries of GetOpenAPIDefinitions (spaces folded).
type openAPIParts struct {
	funcs   map[string]string
	entries []string
}

func splitFuncs(src string) openAPIParts {
	parts := openAPIParts{funcs: map[string]string{}}
	lines := strings.SplitAfter(src, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "func GetOpenAPIDefinitions("):
			for i += 2; i < len(lines) && lines[i] != "\t}\n"; i++ {
				parts.entries = append(parts.entries, strings.Join(strings.Fields(lines[i]), " "))
			}
		case strings.HasPrefix(l, "func schema_"):
			name := l[len("func "):strings.IndexByte(l, '(')]
			var b strings.Builder
			for ; i < len(lines); i++ {
				b.WriteString(lines[i])
				if lines[i] == "}\n" {
					break
				}
			}
			parts.funcs[name] = b.String()
		}
	}
	return parts
}

func mapKeysOf[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestOpenAPIKubernetesFull (KUBEGEN_FULL=1) runs gen-openapi over the
// whole Kubernetes v1.37.2 tree (kubernetes plus its staging modules, as
// hack/kubernetes-tree.sh assembles them) with the 106 packages that
// update-codegen.sh finds, and requires the whole definitions file and
// the whole API-rule report to be kubernetes' shipped ones, byte for
// byte, and every model-name file of a package with a
// +k8s:openapi-model-package tag to be the shipped one.
func TestOpenAPIKubernetesFull(t *testing.T) {
	if os.Getenv("KUBEGEN_FULL") != "1" {
		t.Skip("set KUBEGEN_FULL=1 to run over the whole Kubernetes tree")
	}
	kube := ModuleDir(t, KubernetesModule)
	tree := filepath.Join(t.TempDir(), "kubernetes")
	res := testkit.Run(t, testkit.RepoRoot(t), nil, "bash", "hack/kubernetes-tree.sh", tree)
	if res.ExitCode != 0 {
		t.Fatalf("hack/kubernetes-tree.sh: %s", res.Stderr)
	}
	inputs := kubernetesOpenAPIPackages(t, tree)
	if len(inputs) != 106 {
		t.Errorf("found %d tagged packages, want 106: has the reference moved?", len(inputs))
	}
	shippedNames := map[string][]byte{}
	for _, dir := range inputs {
		name := filepath.Join(dir, modelNameFile)
		b, err := os.ReadFile(filepath.Join(tree, name))
		if err != nil {
			continue
		}
		// Packages without the tag keep stale files upstream never removes.
		if hasModelPackageTag(t, filepath.Join(tree, dir)) {
			shippedNames[filepath.ToSlash(name)] = b
		}
		if err := os.Remove(filepath.Join(tree, name)); err != nil {
			t.Fatal(err)
		}
	}

	out := t.TempDir()
	report := filepath.Join(out, "api_violations.report")
	bin := testkit.BuildCommand(t, "./cmd/gen-openapi", "gen-openapi")
	args := append([]string{"--go-header-file", filepath.Join(tree, "hack/boilerplate/boilerplate.generatego.txt"),
		"--output-dir", out, "--report-filename", report}, openAPIFlags...)
	res = testkit.Run(t, tree, nil, bin, append(args, inputs...)...)
	if res.ExitCode != 0 {
		t.Fatalf("gen-openapi failed (%d):\n%s", res.ExitCode, res.Stderr)
	}
	for _, f := range []struct{ got, shipped string }{
		{filepath.Join(out, openAPIFile), filepath.Join(kube, "pkg/generated/openapi", openAPIFile)},
		{report, filepath.Join(kube, "api/api-rules/violation_exceptions.list")},
	} {
		got, err := os.ReadFile(f.got)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(f.shipped)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the shipped %s:\n%s", filepath.Base(f.got), f.shipped, testkit.Diff(string(want), string(got)))
		} else {
			t.Logf("%s: identical to the shipped file (%d bytes)", filepath.Base(f.got), len(got))
		}
	}
	got := map[string][]byte{}
	for _, dir := range inputs {
		name := filepath.Join(dir, modelNameFile)
		if b, err := os.ReadFile(filepath.Join(tree, name)); err == nil {
			got[filepath.ToSlash(name)] = b
		}
	}
	CompareGenerated(t, "model names", KubernetesModule, shippedNames, got)
}

// kubernetesOpenAPIPackages lists the packages update-codegen.sh gives
// openapi-gen: directories of Go files with a "// +k8s:" tag line and
// '+k8s:openapi' somewhere, outside vendor, testdata, _codegenignore and
// code-generator and the sample modules.
func kubernetesOpenAPIPackages(t *testing.T, tree string) []string {
	var dirs []string
	skip := []string{"vendor", "staging/src/k8s.io/code-generator", "staging/src/k8s.io/sample-apiserver", "staging/src/k8s.io/sample-controller"}
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if slices.Contains(skip, rel) || d.Name() == "testdata" || d.Name() == "_codegenignore" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(b)
		if dir := "./" + filepath.ToSlash(filepath.Dir(rel)); hasTagLine(s) && strings.Contains(s, "+k8s:openapi") && !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}

// hasTagLine reports whether src has a line matching '^// *+k8s:'.
func hasTagLine(src string) bool {
	for _, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, "//"); ok && strings.HasPrefix(strings.TrimLeft(rest, " "), "+k8s:") {
			return true
		}
	}
	return false
}

func hasModelPackageTag(t *testing.T, dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && strings.HasSuffix(e.Name(), ".go") &&
			e.Name() != modelNameFile && strings.Contains(string(b), "+k8s:openapi-model-package=") {
			return true
		}
	}
	return false
}
