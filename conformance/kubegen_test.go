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

// TestKubegenAllMatchesSeparateGenerators runs "kubegen all" with the
// helpers, openapi and client (watch, applyconfig) calls on a copy of
// k8s.io/api, and on another copy the separate generator commands with
// the flags kube_codegen.sh gives the upstream tools; every generated file
// must be the same. (Each separate command is held byte-identical to its
// upstream tool by the other conformance tests.)
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

	together, apart := filepath.Join(t.TempDir(), "api"), filepath.Join(t.TempDir(), "api")
	for _, dir := range []string{together, apart} {
		testkit.CopyDir(t, api, dir)
		for name := range testkit.Snapshot(t, dir) {
			if strings.HasPrefix(filepath.Base(name), "zz_generated.") {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}

	kubegen := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	common := []string{"--boilerplate", header}
	res := testkit.Run(t, together, []string{"KUBEGEN_CACHE=off"}, kubegen, slices.Concat(
		// k8s.io/api asks for validation code in two packages, which
		// kubegen cannot generate yet: helpers runs on two groups.
		[]string{"all", "helpers"}, common, []string{"./apps", "--", "helpers"}, common, []string{"./core", "--", "openapi"}, common,
		[]string{"--output-dir", "generated/openapi", "--output-pkg", outPkg + "/openapi",
			"--report-filename", "violations.list", "--update-report", ".", "--", "client"}, common,
		[]string{"--with-watch", "--with-applyconfig", "--applyconfig-externals", externals, "--output-dir", "generated", "--output-pkg", outPkg,
			"--plural-exceptions", "Endpoints:Endpoints", "."})...)
	if res.ExitCode != 0 {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	// The same calls, tool by tool, as kube_codegen.sh makes them.
	deepcopyDirs := slices.Concat(taggedDirs(t, filepath.Join(apart, "apps"), `^\s*//\s*\+k8s:deepcopy-gen=`),
		taggedDirs(t, filepath.Join(apart, "core"), `^\s*//\s*\+k8s:deepcopy-gen=`))
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
		{"gen-deepcopy", slices.Concat([]string{"--output-file", "zz_generated.deepcopy.go"}, deepcopyDirs)},
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
