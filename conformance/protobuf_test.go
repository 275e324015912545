package conformance

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// protobufFlags are the flags kubernetes'
// hack/_update-generated-protobuf-dockerized.sh gives go-to-protobuf,
// with its paths: the header, the staging/src tree and the proto search
// path (vendor/ for gogo.proto, which kubegen takes from its Go module and
// so does not need; the directory need not exist).
func protobufFlags(kube, work string) []string {
	return []string{
		"--go-header-file", filepath.Join(kube, "hack/boilerplate/boilerplate.generatego.txt"),
		"--output-dir=" + filepath.Join(work, "staging/src"),
		"--proto-import=" + filepath.Join(work, "staging/src"),
		"--proto-import=" + filepath.Join(work, "vendor"),
		"--proto-import=" + filepath.Join(kube, "third_party/protobuf"),
	}
}

// protobufTag is update-codegen.sh's test for the packages go-to-protobuf
// generates (codegen::protobuf greps for it).
var protobufTag = regexp.MustCompile(`// \+k8s:protobuf-gen=package`)

// protobufStagingModules are the other staging modules of kubernetes
// v1.37.2 with packages tagged +k8s:protobuf-gen=package (13 packages).
var protobufStagingModules = []string{
	"k8s.io/apiextensions-apiserver@v0.37.2", "k8s.io/apiserver@v0.37.2",
	"k8s.io/kube-aggregator@v0.37.2", "k8s.io/metrics@v0.37.2",
}

// protobufFiles are the files codegen::protobuf deletes before it runs.
var protobufFiles = []string{"generated.proto", "generated.pb.go", "generated.protomessage.pb.go"}

// TestProtobufKubernetesAPI regenerates the generated.proto and
// generated.pb.go files of k8s.io/api (60 packages) and apimachinery (7,
// go-to-protobuf's default --apimachinery-packages), and with
// KUBEGEN_FULL=1 those of apiextensions-apiserver, apiserver,
// kube-aggregator and metrics too (13 packages), the way kubernetes'
// codegen::protobuf does: the generated files deleted, one run over every
// package tagged +k8s:protobuf-gen=package, in a staging/src tree. Every
// file must come back byte for byte, the other Go files (types.go, whose
// protobuf struct tags the run rewrites) must be unchanged, and --verify
// must then find nothing to do; and objects of every type must marshal
// with the regenerated code as with the shipped code (see checkWire). It
// takes no protoc and no protoc-gen-gogo.
func TestProtobufKubernetesAPI(t *testing.T) {
	kube := ModuleDir(t, KubernetesModule)
	script, err := os.ReadFile(filepath.Join(kube, "hack/_update-generated-protobuf-dockerized.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`--go-header-file "${KUBE_ROOT}/hack/boilerplate/boilerplate.generatego.txt"`,
		`--output-dir="${KUBE_ROOT}/staging/src"`, `--proto-import="${KUBE_ROOT}/staging/src"`,
		`--proto-import="${KUBE_ROOT}/vendor"`, `--proto-import="${KUBE_ROOT}/third_party/protobuf"`,
		`--packages="$(IFS=, ; echo "$*")"`} {
		if !strings.Contains(string(script), want) {
			t.Errorf("_update-generated-protobuf-dockerized.sh no longer runs go-to-protobuf with %s", want)
		}
	}

	// The staging modules: k8s.io/api and apimachinery; with KUBEGEN_FULL=1
	// every other staging module kubernetes generates protobufs in, all in
	// the same run as codegen::protobuf runs them.
	modules := []string{APIModule, APIMachineryModule}
	wantFiles, wantPkgs := 2*67, 60
	if os.Getenv("KUBEGEN_FULL") != "" {
		modules = append(modules, protobufStagingModules...)
		wantFiles, wantPkgs = 2*80, 73
	}
	work := t.TempDir()
	goWork := "go 1.26.0\n\nuse (\n"
	for _, m := range modules {
		name := strings.TrimPrefix(strings.Split(m, "@")[0], "k8s.io/")
		testkit.CopyDir(t, ModuleDir(t, m), filepath.Join(work, "staging/src/k8s.io", name))
		goWork += "\t./staging/src/k8s.io/" + name + "\n"
	}
	if err := os.WriteFile(filepath.Join(work, "go.work"), []byte(goWork+")\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	shipped := map[string][]byte{}
	for _, name := range protobufFiles {
		for rel, data := range filesNamed(t, work, name) {
			shipped[rel] = data
			if err := os.Remove(filepath.Join(work, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(shipped) != wantFiles {
		t.Errorf("found %d shipped protobuf files, want %d: has the reference moved?", len(shipped), wantFiles)
	}
	before := testkit.Snapshot(t, work)

	// codegen::protobuf: the tagged directories, as import paths, sorted.
	var pkgs []string
	for _, d := range tagDirs(t, filepath.Join(work, "staging/src"), protobufTag) {
		pkgs = append(pkgs, d)
	}
	slices.Sort(pkgs)
	if len(pkgs) != wantPkgs {
		t.Errorf("%d packages are tagged +k8s:protobuf-gen=package, want %d", len(pkgs), wantPkgs)
	}

	bin := testkit.BuildCommand(t, "./cmd/gen-protobuf", "gen-protobuf")
	args := append(protobufFlags(kube, work), "--packages="+strings.Join(pkgs, ","))
	res := testkit.Run(t, work, nil, bin, args...)
	if res.ExitCode != 0 || res.Stderr != "" {
		t.Fatalf("gen-protobuf: exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
	}
	got := map[string][]byte{}
	for _, name := range protobufFiles {
		maps.Copy(got, filesNamed(t, work, name))
	}
	CompareGenerated(t, "protobuf", strings.Join(modules, ", "), shipped, got)
	testkit.RequireUnchangedBut(t, work, before, func(name string) bool { return slices.Contains(protobufFiles, filepath.Base(name)) })

	if res := testkit.Run(t, work, nil, bin, append(args, "--verify")...); res.ExitCode != 0 {
		t.Errorf("--verify after the run: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	// The regenerated code on the wire: randomized objects of every type
	// marshal as with the shipped code, and round-trip.
	checkWire(t, work)
}
