package codegen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// The forms in which real API repos' hack/update-codegen.sh scripts call
// kube_codegen.sh, each of which upstream accepts (issue 13).

// TestSchemaFromPipe: the apply configurations' schema given as a
// process substitution (<(go run .../models-schema)) or on standard
// input, which can be read once: the cache's fingerprint and the generator
// see the same bytes, the output is that of the same schema in a regular
// file, and the next run over an unchanged tree and schema is a cache hit.
func TestSchemaFromPipe(t *testing.T) {
	root := testkit.RepoRoot(t)
	schema := filepath.Join(t.TempDir(), "schema.json")
	cmd := exec.Command("go", "run", "./examples/generated/openapi/models-schema")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("models-schema: %v\n%s", err, stderrOf(err))
	}
	if err := os.WriteFile(schema, out, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	// client is the kubegen call as a shell command; schemaArg is shell
	// text, e.g. a process substitution.
	client := func(schemaArg string) string {
		return "'" + bin + "' client --boilerplate hack/boilerplate.go.txt --with-applyconfig" +
			" --applyconfig-openapi-schema " + schemaArg +
			" --output-dir out --output-pkg github.com/kubegen/kubegen/out ./examples/apis"
	}
	shell := func(dir, script string) testkit.Result {
		t.Helper()
		return testkit.Run(t, dir, []string{"KUBEGEN_CACHE=" + filepath.Join(dir, ".cache")}, "bash", "-c", script)
	}

	fromFile := testkit.ExampleModule(t)
	if res := shell(fromFile, client("'"+schema+"'")); res.ExitCode != 0 {
		t.Fatalf("schema from a file: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	want := testkit.Snapshot(t, filepath.Join(fromFile, "out"))

	for _, form := range []struct{ name, script string }{
		{"process substitution", client("<(cat '" + schema + "')")},
		{"standard input", client("/dev/stdin") + " < <(cat '" + schema + "')"},
	} {
		t.Run(form.name, func(t *testing.T) {
			dir := testkit.ExampleModule(t)
			for _, run := range []string{"first run", "cache hit"} {
				res := shell(dir, form.script)
				if res.ExitCode != 0 {
					t.Fatalf("%s: exit %d\n%s", run, res.ExitCode, res.Stderr)
				}
				got := testkit.Snapshot(t, filepath.Join(dir, "out"))
				if len(got) != len(want) {
					t.Errorf("%s: %d files, want %d", run, len(got), len(want))
				}
				for name, data := range want {
					if got[name] != data {
						t.Errorf("%s: out/%s differs from the run with the schema in a file:\n%s", run, name, testkit.Diff(data, got[name]))
					}
				}
			}
		})
	}
}

// TestGroupDirAsInput: kube_codegen.sh's gen_client with the group's own
// directory as input ("." in a module rooted at its API group) names the
// group "." as upstream does, and succeeds with a warning that the client
// file it writes (._client.go) is one Go ignores.
func TestGroupDirAsInput(t *testing.T) {
	dir := testkit.ExampleModule(t)
	group := filepath.Join(dir, "examples/apis/fleet")
	res := kubegen(t, group, "client", "--boilerplate", "../../../hack/boilerplate.go.txt",
		"--output-dir", "out", "--output-pkg", "github.com/kubegen/kubegen/examples/apis/fleet/out", ".")
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	for _, f := range []string{"out/clientset/versioned/typed/v1alpha1/._client.go", "out/clientset/versioned/typed/v1alpha1/cluster.go"} {
		if _, err := os.Stat(filepath.Join(group, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(res.Stderr, `kubegen: warning: v1alpha1/doc.go:`) || !strings.Contains(res.Stderr, `the group is named "."`) {
		t.Errorf("no positioned warning about the group \".\":\n%s", res.Stderr)
	}
}

// TestExtraPkgsFromOtherModule: --extra-pkgs naming a package of another
// module (in the module cache) whose model-name file is up to date writes
// nothing there and succeeds; one that would change it fails, showing the
// change, and leaves it alone.
func TestExtraPkgsFromOtherModule(t *testing.T) {
	dir := testkit.ExampleModule(t)
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	shipped := filepath.Join(strings.TrimSpace(string(cache)), "k8s.io/api@v0.37.2/autoscaling/v1/zz_generated.model_name.go")
	before, err := os.ReadFile(shipped)
	if err != nil {
		t.Skipf("k8s.io/api v0.37.2 is not in the module cache: %v", err)
	}
	// Kubernetes' own header, as it stands in the shipped file.
	text := string(before)
	header := filepath.Join(dir, "kubernetes.txt")
	if err := os.WriteFile(header, []byte(text[strings.Index(text, "/*"):strings.Index(text, "*/")+3]), 0o644); err != nil {
		t.Fatal(err)
	}
	openapi := func(header string) testkit.Result {
		return kubegen(t, dir, "openapi", "--boilerplate", header,
			"--output-dir", "out", "--output-pkg", "github.com/kubegen/kubegen/out",
			"--output-model-name-file", "zz_generated.model_name.go", "--update-report", "--report-filename", "report.list",
			"--extra-pkgs", "k8s.io/api/autoscaling/v1", "./examples/apis")
	}
	if res := openapi(header); res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	defs, _ := os.ReadFile(filepath.Join(dir, "out/zz_generated.openapi.go"))
	if !strings.Contains(string(defs), `"k8s.io/api/autoscaling/v1"`) {
		t.Errorf("the definitions lack autoscaling/v1's Scale")
	}

	res := openapi("hack/boilerplate.go.txt") // another header: a real change
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "zz_generated.model_name.go: a generator would change this file") ||
		!strings.Contains(res.Stderr, "+Copyright The kubegen Authors.") {
		t.Errorf("a change in the module cache: exit %d, want 1 with the change shown:\n%s", res.ExitCode, res.Stderr)
	}
	if after, _ := os.ReadFile(shipped); string(after) != string(before) {
		t.Errorf("%s changed", shipped)
	}
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
