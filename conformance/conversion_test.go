package conformance

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/testkit"
)

// conversionPeers are the --extra-peer-dirs of kubernetes'
// hack/update-codegen.sh.
var conversionPeers = []string{
	"k8s.io/kubernetes/pkg/apis/core",
	"k8s.io/kubernetes/pkg/apis/core/v1",
	"k8s.io/api/core/v1",
}

// conversionSubset is what go test ./... checks by default: the apps,
// batch and core API groups of kubernetes and apimachinery's meta
// packages (explicit-only mode, url.Values conversions). KUBEGEN_FULL=1
// checks every package.
var conversionSubset = []string{
	"pkg/apis/apps/", "pkg/apis/batch/", "pkg/apis/core/",
	"staging/src/k8s.io/apimachinery/pkg/apis/meta/",
}

const conversionFile = "zz_generated.conversion.go"

// conversionTag is update-codegen.sh's test for directories that want
// conversion-gen.
var conversionTag = regexp.MustCompile(`(?m)^// *\+k8s:conversion-gen=`)

// TestConversionKubernetes runs gen-conversion --verify over the
// kubernetes v1.37.2 tree (hack/kubernetes-tree.sh, shared with the
// defaulter test) the way kubernetes' hack/update-codegen.sh runs
// conversion-gen: over every directory with a "+k8s:conversion-gen=" tag,
// from the root of the tree, with its flags. The tree's
// zz_generated.conversion.go files must be the shipped ones, and --verify
// must find every one of them up to date, and nothing missing or extra.
// The test writes nothing into the tree.
func TestConversionKubernetes(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the kubernetes tree")
	}
	full := os.Getenv("KUBEGEN_FULL") == "1"
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "conversion-gen", `--output-file "${output_file}"`,
		"--lint-rules=known-tags-only,require-explicit-disablement",
		`--go-header-file "${BOILERPLATE_FILENAME}"`, `local output_file="${GENERATED_FILE_PREFIX}conversion.go"`,
		`grep -l --null '^// *+k8s:conversion-gen=' "${ALL_K8S_TAG_FILES[@]}"`, `tag_pkgs+=("./$dir")`,
		`$(printf -- " --extra-peer-dirs %s" "${extra_peer_pkgs[@]}")`,
		conversionPeers[0], conversionPeers[1], conversionPeers[2])
	tree := kubernetesTree(t)

	selected := func(rel string) bool {
		return full || slices.ContainsFunc(conversionSubset, func(p string) bool { return strings.HasPrefix(rel, p) })
	}
	shipped := shippedFiles(t, tree, kube, conversionFile)
	inTree := filesNamed(t, tree, conversionFile)
	for name, data := range shipped {
		if selected(name) && !bytes.Equal(inTree[name], data) {
			t.Fatalf("%s in the tree %s is not as shipped: restore it (or remove the tree to assemble it again)", name, tree)
		}
	}
	for name := range inTree {
		if selected(name) && shipped[name] == nil {
			t.Fatalf("%s in the tree %s was not shipped: remove it", name, tree)
		}
	}

	var inputs []string
	for _, d := range tagDirs(t, tree, conversionTag) {
		if selected(d + "/") {
			inputs = append(inputs, "./"+d)
		}
	}
	if len(inputs) == 0 {
		t.Fatal("no directory with +k8s:conversion-gen= tags: has the tree moved?")
	}
	for name := range shipped {
		if selected(name) && !slices.Contains(inputs, "./"+filepath.ToSlash(filepath.Dir(name))) {
			t.Errorf("%s was shipped, but its directory has no +k8s:conversion-gen= tag", name)
		}
	}
	if full && len(shipped) == 0 {
		t.Fatal("no shipped zz_generated.conversion.go: has the reference moved?")
	}

	bin := testkit.BuildCommand(t, "./cmd/gen-conversion", "gen-conversion")
	args := []string{
		"--verify",
		"--go-header-file", filepath.Join(tree, "hack/boilerplate/boilerplate.generatego.txt"),
		"--output-file", conversionFile,
		"--lint-rules=known-tags-only,require-explicit-disablement",
	}
	for _, p := range conversionPeers {
		args = append(args, "--extra-peer-dirs", p)
	}
	start := time.Now()
	res := testkit.Run(t, tree, nil, bin, append(args, inputs...)...)
	if res.ExitCode != 0 {
		out := res.Stdout + res.Stderr
		if len(out) > 20000 {
			out = out[:20000] + "\n…"
		}
		t.Fatalf("gen-conversion --verify over %d packages: exit %d (the shipped files differ from what it generates, or it failed)\n%s", len(inputs), res.ExitCode, out)
	}
	t.Logf("gen-conversion --verify over %d packages: %v", len(inputs), time.Since(start).Round(time.Millisecond))
}
