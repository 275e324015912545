package conformance

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

const prereleaseFile = "zz_generated.prerelease-lifecycle.go"

// prereleaseFlags are the flags kubernetes' hack/update-codegen.sh gives
// prerelease-lifecycle-gen (besides -v and the header file).
var prereleaseFlags = []string{
	"--output-file", prereleaseFile,
	"--lint-rules=known-tags-only,require-explicit-disablement",
}

// prereleaseTag is update-codegen.sh's test for files that want
// prerelease-lifecycle-gen (among those with +k8s: tags).
var prereleaseTag = regexp.MustCompile(`\+k8s:prerelease-lifecycle-gen=true`)

// apiWithout copies k8s.io/api into a new directory without its files
// called one of names, and returns the directory, the removed files (by
// path) and, for each tag, the directories update-codegen.sh gives the
// generator ("./" and the path).
func apiWithout(t *testing.T, api string, names []string, tags ...*regexp.Regexp) (string, map[string][]byte, [][]string) {
	work := t.TempDir()
	testkit.CopyDir(t, api, work)
	shipped := map[string][]byte{}
	for _, name := range names {
		for rel, data := range filesNamed(t, work, name) {
			shipped[rel] = data
			if err := os.Remove(filepath.Join(work, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var inputs [][]string
	for _, tag := range tags {
		var dirs []string
		for _, d := range tagDirs(t, work, tag) {
			dirs = append(dirs, "./"+d)
		}
		inputs = append(inputs, dirs)
	}
	return work, shipped, inputs
}

// TestPrereleaseLifecycleKubernetesAPI regenerates every
// zz_generated.prerelease-lifecycle.go of k8s.io/api (55) and of
// apimachinery (1, its test API group) the way kubernetes' update-codegen.sh
// runs prerelease-lifecycle-gen, and requires each to match the shipped
// file byte for byte, with no warning; then a --verify run over the result
// must find nothing to change. All files take a few seconds, so every run
// checks them all.
func TestPrereleaseLifecycleKubernetesAPI(t *testing.T) {
	kube := ModuleDir(t, KubernetesModule)
	UpstreamCall(t, kube, "prerelease-lifecycle-gen", `--output-file "${output_file}"`, prereleaseFlags[2],
		`--go-header-file "${BOILERPLATE_FILENAME}"`, `local output_file="${GENERATED_FILE_PREFIX}prerelease-lifecycle.go"`,
		`grep -l --null '+k8s:prerelease-lifecycle-gen=true' "${ALL_K8S_TAG_FILES[@]}"`, `tag_pkgs+=("./$dir")`)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	bin := testkit.BuildCommand(t, "./cmd/gen-prerelease-lifecycle", "gen-prerelease-lifecycle")
	for _, module := range []struct {
		name  string
		files int
	}{{APIModule, 55}, {APIMachineryModule, 1}} {
		t.Run(module.name, func(t *testing.T) {
			work, shipped, inputs := apiWithout(t, ModuleDir(t, module.name), []string{prereleaseFile}, prereleaseTag)
			if len(shipped) != module.files {
				t.Errorf("found %d shipped prerelease-lifecycle files, want %d: has the reference moved?", len(shipped), module.files)
			}
			args := slices.Concat([]string{"--go-header-file", header}, prereleaseFlags, inputs[0])
			res := testkit.Run(t, work, nil, bin, args...)
			if res.ExitCode != 0 || res.Stderr != "" {
				t.Fatalf("gen-prerelease-lifecycle: exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
			}
			CompareGenerated(t, "prerelease-lifecycle", module.name, shipped, filesNamed(t, work, prereleaseFile))
			if res := testkit.Run(t, work, nil, bin, append(args, "--verify")...); res.ExitCode != 0 {
				t.Errorf("--verify over the regenerated tree: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
			}
		})
	}
}

// TestPrereleaseLifecycleKubegenAll runs update-codegen.sh's
// prerelease-lifecycle-gen and deepcopy-gen command lines as two calls of
// one 'kubegen all' over k8s.io/api, one load: both sets of files come out
// as shipped.
func TestPrereleaseLifecycleKubegenAll(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates k8s.io/api's deepcopy and lifecycle code")
	}
	api := ModuleDir(t, APIModule)
	kube := ModuleDir(t, KubernetesModule)
	header := filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt")
	const deepcopyFile = "zz_generated.deepcopy.go"
	work, shipped, inputs := apiWithout(t, api, []string{prereleaseFile, deepcopyFile},
		prereleaseTag, regexp.MustCompile(`\+k8s:deepcopy-gen=`))

	kubegen := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	res := testkit.Run(t, work, []string{"KUBEGEN_CACHE=off"}, kubegen, slices.Concat(
		[]string{"all", "prerelease-lifecycle-gen", "--go-header-file", header}, prereleaseFlags, inputs[0],
		[]string{"--", "deepcopy-gen", "--go-header-file", header}, deepcopyFlags, inputs[1])...)
	if res.ExitCode != 0 || res.Stderr != "" {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	got := filesNamed(t, work, prereleaseFile)
	maps.Copy(got, filesNamed(t, work, deepcopyFile))
	CompareGenerated(t, "kubegen all prerelease-lifecycle-gen -- deepcopy-gen", APIModule, shipped, got)
}
