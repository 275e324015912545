package conformance

// The kubernetes v1.37.2 source tree the defaulter and conversion tests
// regenerate, and what they compare it with.

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

	"github.com/kubegen/kubegen/internal/testkit"
)

// k8sTag is update-codegen.sh's test for files with tags (ALL_K8S_TAG_FILES).
var k8sTag = regexp.MustCompile(`(?m)^// *\+k8s:`)

// shippedFiles returns the files called name of the kubernetes module and
// of the staging modules, read from the module cache, by their path in the
// tree.
func shippedFiles(t *testing.T, tree, kube, name string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	eachShippedModule(t, tree, kube, func(dir, prefix string) {
		for rel, data := range filesNamed(t, dir, name) {
			out[prefix+rel] = data
		}
	})
	return out
}

// eachShippedModule calls collect with the module cache directory of the
// kubernetes module and of each staging module the tree has, and the
// prefix of their files' paths in the tree.
func eachShippedModule(t *testing.T, tree, kube string, collect func(dir, prefix string)) {
	t.Helper()
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
}

// filesNamed returns the files called name under dir (skipping vendor
// directories), by their slash-separated path relative to dir.
func filesNamed(t *testing.T, dir, name string) map[string][]byte {
	t.Helper()
	return filesWhere(t, dir, func(n string) bool { return n == name })
}

// filesWhere returns the files under dir (skipping vendor directories)
// whose name keep accepts, by their slash-separated path relative to dir.
func filesWhere(t *testing.T, dir string, keep func(name string) bool) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "vendor" {
			return filepath.SkipDir
		}
		if d.IsDir() || !keep(d.Name()) {
			return nil
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tagDirs returns the directories (relative to the tree) that
// update-codegen.sh gives a generator: those with a Go file that has
// "+k8s:" tags (k8sTag) and matches tag, outside vendor, testdata,
// _codegenignore and nested workspaces.
func tagDirs(t *testing.T, tree string, tag *regexp.Regexp) []string {
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
		if !tag.Match(data) || !k8sTag.Match(data) {
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

// restoreShipped puts the tree's files called name back as shipped, after
// an earlier run that failed.
func restoreShipped(t *testing.T, tree, name string, shipped map[string][]byte) {
	t.Helper()
	for rel, data := range filesNamed(t, tree, name) {
		if want, ok := shipped[rel]; !ok {
			os.Remove(filepath.Join(tree, rel))
		} else if !bytes.Equal(want, data) {
			os.WriteFile(filepath.Join(tree, rel), want, 0o644)
		}
	}
	for rel, data := range shipped {
		p := filepath.Join(tree, rel)
		if _, err := os.Stat(p); err != nil {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
