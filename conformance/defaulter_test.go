package conformance

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/testkit"
)

// defaulterFlags are the flags kubernetes' hack/update-codegen.sh gives
// defaulter-gen (besides -v and the header file).
var defaulterFlags = []string{
	"--output-file", "zz_generated.defaults.go",
	"--lint-rules=known-tags-only,require-explicit-disablement",
}

// defaulterSubset is what go test ./... checks by default: the core, apps
// and batch API packages of kubernetes, code-generator's own defaulter-gen
// test packages (markers, refs, -input packages) and apimachinery's. Their
// dependencies compile in a fraction of the time of the whole set's.
// KUBEGEN_FULL=1 checks every package.
var defaulterSubset = []string{
	"pkg/apis/apps/", "pkg/apis/batch/", "pkg/apis/core/",
	"staging/src/k8s.io/code-generator/cmd/defaulter-gen/",
	"staging/src/k8s.io/apimachinery/",
}

const defaultsFile = "zz_generated.defaults.go"

// TestDefaulterKubernetes regenerates the zz_generated.defaults.go files of
// kubernetes v1.37.2 and its staging modules (v0.37.2) the way kubernetes'
// hack/update-codegen.sh runs defaulter-gen: over every directory with a
// "+k8s:defaulter-gen=" tag, from the root of the tree. Every shipped file
// must come out byte for byte, none may be missing or extra, and a --verify
// run must then find nothing to do.
//
// The tree (hack/kubernetes-tree.sh) lives in a fixed directory, so that
// the go command's cache of its compiled packages stays warm between runs,
// and the generator runs over the tree as shipped: its own earlier output
// is ignored when loading, so that is the same as deleting the files first.
// With KUBEGEN_FULL=1 the test also deletes them first, as
// update-codegen.sh does, and regenerates again.
func TestDefaulterKubernetes(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the kubernetes tree")
	}
	full := os.Getenv("KUBEGEN_FULL") == "1"
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "defaulter-gen", `--output-file "${output_file}"`, defaulterFlags[2],
		`--go-header-file "${BOILERPLATE_FILENAME}"`, `local output_file="${GENERATED_FILE_PREFIX}defaults.go"`,
		`grep -l --null '+k8s:defaulter-gen=' "${ALL_K8S_TAG_FILES[@]}"`, `tag_pkgs+=("./$dir")`)
	tree := kubernetesTree(t)
	shipped := shippedDefaults(t, tree, kube)
	restoreShipped(t, tree, shipped)

	dirs := defaulterTagDirs(t, tree)
	selected := func(rel string) bool {
		return full || slices.ContainsFunc(defaulterSubset, func(p string) bool { return strings.HasPrefix(rel, p) })
	}
	var inputs []string
	for _, d := range dirs {
		if selected(d + "/") {
			inputs = append(inputs, "./"+d)
		}
	}
	want := map[string][]byte{}
	for name, data := range shipped {
		if selected(name) {
			want[name] = data
		}
	}
	if full && (len(shipped) != 104 || countPrefix(shipped, "staging/") != 36) {
		t.Errorf("found %d shipped files (%d in staging), want 104 (36): has the reference moved?", len(shipped), countPrefix(shipped, "staging/"))
	}

	bin := testkit.BuildCommand(t, "./cmd/gen-defaulter", "gen-defaulter")
	args := append([]string{"--go-header-file", filepath.Join(tree, "hack/boilerplate/boilerplate.generatego.txt")}, defaulterFlags...)
	generate := func(what string, extra ...string) {
		t.Helper()
		start := time.Now()
		res := testkit.Run(t, tree, nil, bin, append(append(append([]string(nil), args...), extra...), inputs...)...)
		if res.ExitCode != 0 {
			t.Fatalf("gen-defaulter %s: exit %d\n%s%s", what, res.ExitCode, res.Stdout, res.Stderr)
		}
		t.Logf("gen-defaulter %s over %d packages: %v", what, len(inputs), time.Since(start).Round(time.Millisecond))
	}
	compare := func() {
		t.Helper()
		got := map[string][]byte{}
		for name, data := range generatedDefaults(t, tree) {
			if selected(name) || shipped[name] == nil {
				got[name] = data
			}
		}
		CompareGenerated(t, "defaulter", KubernetesModule+" and its staging modules", want, got)
	}

	generate("over the tree as shipped")
	compare()
	generate("--verify", "--verify")
	if full {
		for name := range want {
			if err := os.Remove(filepath.Join(tree, name)); err != nil {
				t.Fatal(err)
			}
		}
		generate("after deleting its output, as update-codegen.sh does")
		compare()
	}
	if t.Failed() {
		restoreShipped(t, tree, shipped)
	}
}

func countPrefix(files map[string][]byte, prefix string) int {
	n := 0
	for name := range files {
		if strings.HasPrefix(name, prefix) {
			n++
		}
	}
	return n
}

// kubernetesTree assembles (once) the kubernetes tree in a fixed directory
// ($KUBEGEN_DEFAULTER_DIR, else one under the temporary directory) and
// returns it.
func kubernetesTree(t *testing.T) string {
	t.Helper()
	base := os.Getenv("KUBEGEN_DEFAULTER_DIR")
	if base == "" {
		base = filepath.Join(os.TempDir(), "kubegen-defaulter-v1.37.2")
	}
	tree := filepath.Join(base, "kubernetes")
	if _, err := os.Stat(filepath.Join(tree, "go.work")); err == nil {
		return tree
	}
	cmd := exec.Command(filepath.Join(testkit.RepoRoot(t), "hack", "kubernetes-tree.sh"), tree)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hack/kubernetes-tree.sh: %v\n%s", err, out)
	}
	return tree
}

// shippedDefaults returns the zz_generated.defaults.go files of the
// kubernetes module and of the staging modules, read from the module
// cache, by their path in the tree.
func shippedDefaults(t *testing.T, tree, kube string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	collect := func(dir, prefix string) {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != defaultsFile {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[prefix+filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	collect(kube, "")
	staging, err := os.ReadDir(filepath.Join(tree, "staging/src/k8s.io"))
	if err != nil {
		t.Fatal(err)
	}
	version := "v0." + strings.TrimPrefix(KubernetesModule[strings.LastIndex(KubernetesModule, "@")+1:], "v1.")
	for _, e := range staging {
		if _, err := os.Stat(filepath.Join(tree, "staging/src/k8s.io", e.Name(), "go.mod")); err != nil {
			continue // not fetched (the samples the proxy lacks)
		}
		collect(ModuleDir(t, "k8s.io/"+e.Name()+"@"+version), "staging/src/k8s.io/"+e.Name()+"/")
	}
	return out
}

// generatedDefaults returns every zz_generated.defaults.go in the tree.
func generatedDefaults(t *testing.T, tree string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "vendor" {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != defaultsFile {
			return nil
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(tree, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// restoreShipped puts the tree's zz_generated.defaults.go files back as
// shipped, after an earlier run that failed.
func restoreShipped(t *testing.T, tree string, shipped map[string][]byte) {
	t.Helper()
	for name, data := range generatedDefaults(t, tree) {
		if want, ok := shipped[name]; !ok {
			os.Remove(filepath.Join(tree, name))
		} else if !bytes.Equal(want, data) {
			os.WriteFile(filepath.Join(tree, name), want, 0o644)
		}
	}
	for name, data := range shipped {
		p := filepath.Join(tree, name)
		if _, err := os.Stat(p); err != nil {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// k8sTag is update-codegen.sh's test for files with tags (ALL_K8S_TAG_FILES).
var k8sTag = regexp.MustCompile(`(?m)^// *\+k8s:`)

// defaulterTagDirs returns the directories (relative to the tree) that
// update-codegen.sh gives defaulter-gen: those with a Go file that has
// "+k8s:" tags and says "+k8s:defaulter-gen=", outside vendor, testdata,
// _codegenignore and nested workspaces.
func defaulterTagDirs(t *testing.T, tree string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "vendor" || d.Name() == "testdata" || d.Name() == "_codegenignore" || d.Name() == ".git" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.work")); err == nil && p != tree {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte("+k8s:defaulter-gen=")) || !k8sTag.Match(data) {
			return nil
		}
		rel, _ := filepath.Rel(tree, filepath.Dir(p))
		if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}
