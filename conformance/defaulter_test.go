package conformance

import (
	"os"
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

// defaulterTag is update-codegen.sh's test for files that want
// defaulter-gen (among those with +k8s: tags).
var defaulterTag = regexp.MustCompile(`\+k8s:defaulter-gen=`)

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
	shipped := shippedFiles(t, tree, kube, defaultsFile)
	restoreShipped(t, tree, defaultsFile, shipped)

	dirs := tagDirs(t, tree, defaulterTag)
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
		for name, data := range filesNamed(t, tree, defaultsFile) {
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
		restoreShipped(t, tree, defaultsFile, shipped)
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
