package codegen_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// kubegen runs the kubegen command in dir with its own cache directory.
func kubegen(t *testing.T, dir string, args ...string) testkit.Result {
	t.Helper()
	bin := testkit.BuildCommand(t, "./cmd/kubegen", "kubegen")
	return testkit.Run(t, dir, []string{"KUBEGEN_CACHE=" + filepath.Join(dir, ".cache")}, bin, args...)
}

// withoutGenerated copies the example module and removes the files with
// the given names.
func withoutGenerated(t *testing.T, names ...string) string {
	dir := testkit.ExampleModule(t)
	for f := range testkit.Snapshot(t, dir) {
		if slices.Contains(names, filepath.Base(f)) {
			os.Remove(filepath.Join(dir, f))
		}
	}
	return dir
}

func generated(t *testing.T, dir, name string) map[string][]byte {
	out := map[string][]byte{}
	for f, data := range testkit.Snapshot(t, filepath.Join(dir, "examples")) {
		if filepath.Base(f) == name {
			out[f] = []byte(data)
		}
	}
	return out
}

// TestAllMatchesSeparateGenerators: "kubegen all" with helpers and
// register calls writes (deepcopy also for the internal package, register
// for the versioned ones), from one load, exactly what gen-deepcopy and
// gen-register write run one by one.
func TestAllMatchesSeparateGenerators(t *testing.T) {
	together := withoutGenerated(t, "zz_generated.deepcopy.go", "register.go")
	res := kubegen(t, together, "all",
		"helpers", "--boilerplate", "hack/boilerplate.go.txt", "./examples/apis", "--",
		"register", "--boilerplate", "hack/boilerplate.go.txt", "./examples/apis")
	if res.ExitCode != 0 {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, want := range []string{"Generating deepcopy code for 4 targets", "Generating register code for 3 targets"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, res.Stdout)
		}
	}

	apart := withoutGenerated(t, "zz_generated.deepcopy.go", "register.go")
	versioned := []string{"./examples/apis/shop/v1", "./examples/apis/shop/v1beta1", "./examples/apis/fleet/v1alpha1"}
	for _, tool := range []struct {
		cmd, file string
		inputs    []string
	}{
		{"gen-deepcopy", "zz_generated.deepcopy.go", append([]string{"./examples/apis/shop"}, versioned...)},
		{"gen-register", "zz_generated.register.go", versioned},
	} {
		bin := testkit.BuildCommand(t, "./cmd/"+tool.cmd, tool.cmd)
		res := testkit.Run(t, apart, nil, bin, append([]string{"--go-header-file", "hack/boilerplate.go.txt",
			"--output-file", tool.file}, tool.inputs...)...)
		if res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s", tool.cmd, res.ExitCode, res.Stderr)
		}
		want, got := generated(t, apart, tool.file), generated(t, together, tool.file)
		if len(want) == 0 {
			t.Fatalf("%s wrote no files", tool.cmd)
		}
		testkit.CompareFiles(t, want, got)
	}
}

// TestToolCalls: upstream generators' own command lines, run by 'kubegen
// all' over one load, write the committed deepcopy, defaulter and
// conversion files of the example; an unknown call names the tools.
func TestToolCalls(t *testing.T) {
	names := []string{"zz_generated.deepcopy.go", "zz_generated.defaults.go", "zz_generated.conversion.go"}
	dir := withoutGenerated(t, names...)
	var args []string
	for i, tool := range []string{"deepcopy-gen", "defaulter-gen", "conversion-gen"} {
		if i > 0 {
			args = append(args, "--")
		}
		args = append(args, tool, "--go-header-file", "hack/boilerplate.go.txt", "--output-file", names[i], "./examples/apis/...")
	}
	res := kubegen(t, dir, append([]string{"all"}, args...)...)
	if res.ExitCode != 0 {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, name := range names {
		want := generated(t, testkit.RepoRoot(t), name)
		if len(want) == 0 {
			t.Fatalf("no committed %s", name)
		}
		testkit.CompareFiles(t, want, generated(t, dir, name))
	}

	res = kubegen(t, dir, "all", "deepcopy-gen", "./examples/apis/...", "--", "defaulters-gen", "./examples/apis/...")
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, `unknown call "defaulters-gen"`) || !strings.Contains(res.Stderr, "defaulter-gen") {
		t.Errorf("misspelled tool: exit %d (want 2)\n%s", res.ExitCode, res.Stderr)
	}
}

// TestPrereleaseLifecycleCall: prerelease-lifecycle-gen's own command
// line as a call of 'kubegen all', next to a deepcopy-gen call, writes the
// files of package prerelease's golden case (upstream's output) and prints
// the same warnings.
func TestPrereleaseLifecycleCall(t *testing.T) {
	const cases = "../prerelease/testdata"
	header, _ := filepath.Abs(filepath.Join(cases, "boilerplate.go.txt"))
	for _, c := range testkit.LoadCases(t, cases) {
		if c.Name() != "versions" {
			continue
		}
		dir := c.Setup(t)
		res := kubegen(t, dir, slices.Concat([]string{"all", "prerelease-lifecycle-gen"}, c.Expand(header, dir),
			[]string{"--", "deepcopy-gen", "--output-file", "zz_generated.deepcopy.go", "./..."})...)
		if want := strings.ReplaceAll(c.WantStderr, "gen-prerelease-lifecycle:", "kubegen:"); res.ExitCode != 0 || res.Stderr != want {
			t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", res.ExitCode, res.Stderr, want)
		}
		testkit.CompareFiles(t, c.Want, written(t, dir, c))
		return
	}
	t.Fatal("no golden case named versions")
}

// TestProtobufCall: go-to-protobuf's own command line as a call of
// 'kubegen all', after a deepcopy-gen call over the same packages, writes
// the files of package protobuf's basic golden case (upstream's output:
// the .proto, the Go code and the struct tags on types.go) besides the
// deep-copy files, from one load.
func TestProtobufCall(t *testing.T) {
	const cases = "../protobuf/testdata"
	header, _ := filepath.Abs(filepath.Join(cases, "boilerplate.go.txt"))
	for _, c := range testkit.LoadCases(t, cases) {
		if c.Name() != "basic" {
			continue
		}
		const doc = "src/example.com/pb/v1/doc.go"
		c.Inputs[doc] = append([]byte("// +k8s:deepcopy-gen=package\n"), c.Inputs[doc]...)
		dir := c.Setup(t)
		res := kubegen(t, dir, slices.Concat([]string{"all", "deepcopy-gen", "--output-file", "zz_generated.deepcopy.go", "example.com/pb/v1", "--", "go-to-protobuf"},
			c.Expand(header, dir))...)
		if res.ExitCode != 0 {
			t.Fatalf("exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
		}
		got := written(t, dir, c)
		if _, ok := got["src/example.com/pb/v1/zz_generated.deepcopy.go"]; !ok {
			t.Error("no deep-copy file")
		}
		delete(got, "src/example.com/pb/v1/zz_generated.deepcopy.go")
		testkit.CompareFiles(t, c.Want, got)

		// The cache knows the .proto files: one deleted (or edited) after
		// a run is written again, not taken for up to date.
		args := slices.Concat([]string{"all", "go-to-protobuf"}, c.Expand(header, dir))
		const idl = "src/example.com/pb/v1/generated.proto"
		for _, change := range []func() error{
			func() error { return os.Remove(filepath.Join(dir, idl)) },
			func() error { return os.WriteFile(filepath.Join(dir, idl), []byte("edited"), 0o644) },
		} {
			if res := kubegen(t, dir, args...); res.ExitCode != 0 {
				t.Fatalf("exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
			}
			if err := change(); err != nil {
				t.Fatal(err)
			}
			if res := kubegen(t, dir, args...); res.ExitCode != 0 {
				t.Fatalf("exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, idl)); string(data) != string(c.Want[idl]) {
				t.Errorf("%s after it was changed and kubegen ran again:\n%s", idl, testkit.Diff(string(c.Want[idl]), string(data)))
			}
		}
		return
	}
	t.Fatal("no golden case named basic")
}

// TestControllerGenCall: controller-gen's command line as a call of
// 'kubegen all', next to a deepcopy-gen call over the same packages,
// writes the files of package controllergen's crd_options golden case
// (upstream's output: deep-copy code and a CRD) from the run's one load.
func TestControllerGenCall(t *testing.T) {
	const cases = "../controllergen/testdata"
	header, _ := filepath.Abs(filepath.Join(cases, "boilerplate.go.txt"))
	for _, c := range testkit.LoadCases(t, cases) {
		if c.Name() != "crd_options" {
			continue
		}
		dir := c.Setup(t)
		res := kubegen(t, dir, slices.Concat([]string{"all", "controller-gen"}, c.Expand(header, dir),
			[]string{"--", "prerelease-lifecycle-gen", "--output-file", "zz_generated.prerelease-lifecycle.go", "./apis/..."})...)
		if res.ExitCode != 0 {
			t.Fatalf("exit %d, stderr:\n%s", res.ExitCode, res.Stderr)
		}
		testkit.CompareFiles(t, c.Want, written(t, dir, c))
		res = kubegen(t, dir, "all", "controller-gen", "crd", "output:stdout", "paths=./apis/...")
		if res.ExitCode != 2 || !strings.Contains(res.Stderr, "output:stdout is not available") {
			t.Errorf("output:stdout in kubegen all: exit %d (want 2)\n%s", res.ExitCode, res.Stderr)
		}
		return
	}
	t.Fatal("no golden case named crd_options")
}

// written are the files a run in a golden case's directory wrote.
func written(t *testing.T, dir string, c *testkit.Case) map[string][]byte {
	got := map[string][]byte{}
	for name, data := range testkit.Snapshot(t, dir) {
		if in, input := c.Inputs[name]; (!input || string(in) != data) && !strings.HasPrefix(name, ".cache/") {
			got[name] = []byte(data)
		}
	}
	return got
}

// TestCache: an unchanged tree is recognised without loading; any change
// to an input or an output, or a corrupt or foreign cache entry, makes the
// run generate again.
func TestCache(t *testing.T) {
	dir := withoutGenerated(t, "zz_generated.deepcopy.go")
	args := []string{"helpers", "-v", "1", "--boilerplate", "hack/boilerplate.go.txt", "./examples/apis"}
	const hit = "up to date: nothing changed since the last run"
	run := func(wantHit bool, why string) {
		t.Helper()
		res := kubegen(t, dir, args...)
		if res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s", why, res.ExitCode, res.Stderr)
		}
		if got := strings.Contains(res.Stderr, hit); got != wantHit {
			t.Errorf("%s: cache hit %v, want %v\n%s", why, got, wantHit, res.Stderr)
		}
	}
	run(false, "first run")
	run(true, "unchanged tree")
	args[2] = "3"
	run(true, "another log level")
	args[2] = "1"

	types := filepath.Join(dir, "examples/apis/shop/v1/types.go")
	b, _ := os.ReadFile(types)
	os.WriteFile(types, append(b, "\n// edited\n"...), 0o644)
	run(false, "edited input")
	run(true, "unchanged after the edit")

	out := filepath.Join(dir, "examples/apis/fleet/v1alpha1/zz_generated.deepcopy.go")
	want, _ := os.ReadFile(out)
	os.WriteFile(out, []byte("package v1alpha1\n"), 0o644)
	run(false, "edited output")
	if got, _ := os.ReadFile(out); string(got) != string(want) {
		t.Errorf("the edited output was not regenerated")
	}

	os.WriteFile(filepath.Join(dir, "examples/apis/fleet/v1alpha1/new.go"), []byte("package v1alpha1\n"), 0o644)
	run(false, "new input file")
	run(true, "unchanged after the new file")

	os.WriteFile(filepath.Join(dir, "year.txt"), []byte("// Copyright YEAR The Authors.\n"), 0o644)
	args = append(args[:len(args)-1], "--boilerplate", "year.txt", "--year", "2031", args[len(args)-1])
	run(false, "changed flags")
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "2031") {
		t.Errorf("--year 2031 did not reach the header:\n%.300s", b)
	}
	run(true, "unchanged with the new flags")
	args[len(args)-2] = "2032"
	run(false, "changed flag value")

	entries, _ := filepath.Glob(filepath.Join(dir, ".cache", "*.json"))
	if len(entries) == 0 {
		t.Fatal("no cache entry written")
	}
	for _, e := range entries {
		os.WriteFile(e, []byte("{not json"), 0o644)
	}
	run(false, "corrupt entry")
	for _, e := range entries {
		b, _ := os.ReadFile(e)
		os.WriteFile(e, []byte(strings.Replace(string(b), `"Key":"`, `"Key":"0`, 1)), 0o644)
	}
	run(false, "foreign entry")

	res := kubegen(t, dir, append([]string{"helpers", "--verify"}, args[1:]...)...)
	if res.ExitCode != 0 || !strings.Contains(res.Stderr, hit) {
		t.Errorf("--verify of an up-to-date tree: exit %d, want a cache hit\n%s", res.ExitCode, res.Stderr)
	}
}

// TestCacheRelativeOutputs: a run that creates its outputs under relative
// paths (--output-dir, --report-filename) is cached like any other; the
// next, identical, run is a hit.
func TestCacheRelativeOutputs(t *testing.T) {
	dir := withoutGenerated(t, "zz_generated.openapi.go", "violation_exceptions.list")
	args := []string{"openapi", "-v", "1", "--boilerplate", "hack/boilerplate.go.txt",
		"--output-dir", "examples/generated/openapi", "--output-pkg", "github.com/kubegen/kubegen/examples/generated/openapi",
		"--report-filename", "examples/api-rules/violation_exceptions.list", "--update-report",
		"--extra-pkgs", "k8s.io/apimachinery/pkg/util/intstr", "./examples/apis"}
	for i, wantHit := range []bool{false, true} {
		res := kubegen(t, dir, args...)
		if res.ExitCode != 0 {
			t.Fatalf("run %d: exit %d\n%s", i+1, res.ExitCode, res.Stderr)
		}
		if got := strings.Contains(res.Stderr, "up to date"); got != wantHit {
			t.Errorf("run %d: cache hit %v, want %v\n%s", i+1, got, wantHit, res.Stderr)
		}
	}
}

// TestVerify: --verify passes on an up-to-date tree and fails with a diff,
// writing nothing, on an out-of-date one.
func TestVerify(t *testing.T) {
	dir := testkit.ExampleModule(t)
	args := []string{"helpers", "--verify", "--boilerplate", "hack/boilerplate.go.txt", "./examples/apis"}
	if res := kubegen(t, dir, args...); res.ExitCode != 0 {
		t.Fatalf("verify of the committed example: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	out := filepath.Join(dir, "examples/apis/shop/v1/zz_generated.deepcopy.go")
	os.WriteFile(out, []byte("package v1\n"), 0o644)
	res := kubegen(t, dir, args...)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "+++ ") || !strings.Contains(res.Stderr, "out of date") {
		t.Errorf("verify of an edited file: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != "package v1\n" {
		t.Errorf("--verify wrote %s", out)
	}
}

// TestBadInput: every misuse exits non-zero with a message that says what
// is wrong, and writes nothing.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no input dir", []string{"helpers"}, 2, "the input directory argument is required"},
		{"two input dirs", []string{"helpers", "./examples/apis", "./examples"}, 2, "too many arguments: ./examples"},
		{"unknown call", []string{"frobnicate", "./examples/apis"}, 2, `unknown call "frobnicate"`},
		{"unknown flag", []string{"helpers", "--frob", "./examples/apis"}, 2, "unknown flag: --frob"},
		{"missing input dir", []string{"helpers", "./nope"}, 1, "nope: the input directory does not exist"},
		{"missing header", []string{"helpers", "--boilerplate", "nope.txt", "./examples/apis"}, 1, "--boilerplate"},
		{"client without output dir", []string{"client", "--output-pkg", "x", "./examples/apis"}, 2, "--output-dir is required"},
		{"openapi without output pkg", []string{"openapi", "--output-dir", "x", "./examples/apis"}, 2, "--output-pkg is required"},
		{"empty call in all", []string{"all", "helpers", "./examples/apis", "--"}, 2, "a call is missing"},
		{"verify on some calls", []string{"all", "helpers", "--verify", "./examples/apis", "--", "register", "./examples/apis"}, 2, "--verify to every call"},
		{"bad lint rule", []string{"helpers", "--lint-rules", "frob", "./examples/apis"}, 1, "frob"},
		{"output into the module cache", []string{"openapi", "--output-dir", "o", "--output-pkg", "x/o", "--update-report",
			"--output-model-name-file", "zz_generated.model_name.go", "--extra-pkgs", "k8s.io/apimachinery/pkg/apis/meta/v1beta1", "./examples/apis"},
			1, "read-only source: pass its package with --readonly-pkg"},
		{"header is a directory", []string{"helpers", "--boilerplate", "hack", "./examples/apis"}, 1, "--boilerplate"},
		{"validation-gen --docs", []string{"all", "validation-gen", "--docs", "--", "helpers", "./examples/apis"}, 2, "run gen-validation --docs instead"},
		{"schema from openapi without applyconfig", []string{"client", "--applyconfig-schema-from-openapi", "--output-dir", "x", "--output-pkg", "x", "./examples/apis"},
			2, "--applyconfig-schema-from-openapi needs --with-applyconfig"},
		{"schema from openapi and a schema file", []string{"client", "--with-applyconfig", "--applyconfig-schema-from-openapi", "--applyconfig-openapi-schema", "s.json",
			"--output-dir", "x", "--output-pkg", "x", "./examples/apis"}, 2, "give --applyconfig-schema-from-openapi or --applyconfig-openapi-schema, not both"},
		{"schema from openapi without openapi call", slices.Concat([]string{"all", "helpers", "./examples/apis", "--"}, clientArgs),
			2, "--applyconfig-schema-from-openapi needs an openapi call in the same run"},
		{"schema from openapi, openapi call after", slices.Concat([]string{"all"}, clientArgs, []string{"--"}, openapiArgs),
			2, "put the openapi call before the client call"},
	}
	dir := testkit.ExampleModule(t)
	before := testkit.Snapshot(t, dir)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := kubegen(t, dir, c.args...)
			if res.ExitCode != c.code || !strings.Contains(res.Stderr, c.want) {
				t.Errorf("exit %d (want %d), stderr lacks %q:\n%s", res.ExitCode, c.code, c.want, res.Stderr)
			}
			if strings.Contains(res.Stderr, "panic") {
				t.Errorf("panicked:\n%s", res.Stderr)
			}
		})
	}
	testkit.RequireUnchanged(t, dir, before, ".cache/")
}

// TestNothingTagged: a call whose input tree has no tagged package
// generates nothing and succeeds, as kube_codegen.sh's functions do.
func TestNothingTagged(t *testing.T) {
	dir := testkit.ExampleModule(t)
	before := testkit.Snapshot(t, dir)
	for _, call := range []string{"helpers", "register"} {
		res := kubegen(t, dir, call, "./hack")
		if res.ExitCode != 0 || strings.Contains(res.Stderr, "panic") || res.Stdout != "" {
			t.Errorf("%s on an untagged tree: exit %d\n%s%s", call, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	res := kubegen(t, dir, "client", "--output-dir", "out", "--output-pkg", "example.com/out", "./hack")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "no client to generate") {
		t.Errorf("client on an untagged tree: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	testkit.RequireUnchanged(t, dir, before, ".cache/")
}

// TestHelpersDefaulter: helpers generates defaulters for packages tagged
// +k8s:defaulter-gen= (the example's shop/v1), exactly as gen-defaulter
// does.
func TestHelpersDefaulter(t *testing.T) {
	together := withoutGenerated(t, "zz_generated.defaults.go")
	apart := withoutGenerated(t, "zz_generated.defaults.go")
	res := kubegen(t, together, "helpers", "--boilerplate", "hack/boilerplate.go.txt", "./examples/apis")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Generating defaulter code for 1 targets") {
		t.Fatalf("helpers: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	bin := testkit.BuildCommand(t, "./cmd/gen-defaulter", "gen-defaulter")
	if res := testkit.Run(t, apart, nil, bin, "--go-header-file", "hack/boilerplate.go.txt",
		"--output-file", "zz_generated.defaults.go", "./examples/apis/shop/v1"); res.ExitCode != 0 {
		t.Fatalf("gen-defaulter: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	want, got := generated(t, apart, "zz_generated.defaults.go"), generated(t, together, "zz_generated.defaults.go")
	if len(want) != 1 || !strings.Contains(string(want["apis/shop/v1/zz_generated.defaults.go"]), "SetDefaults_Store(in)") {
		t.Fatalf("gen-defaulter wrote %d files", len(want))
	}
	testkit.CompareFiles(t, want, got)
}

var (
	openapiArgs = []string{"openapi", "--boilerplate", "hack/boilerplate.go.txt",
		"--output-dir", "examples/generated/openapi", "--output-pkg", "github.com/kubegen/kubegen/examples/generated/openapi",
		"--report-filename", "examples/api-rules/violation_exceptions.list", "--update-report",
		"--output-model-name-file", "zz_generated.model_name.go", "--extra-pkgs", "k8s.io/apimachinery/pkg/util/intstr", "./examples/apis"}
	clientArgs = []string{"client", "--boilerplate", "hack/boilerplate.go.txt", "--with-watch", "--with-applyconfig",
		"--applyconfig-schema-from-openapi", "--output-dir", "examples/generated", "--output-pkg", "github.com/kubegen/kubegen/examples/generated", "./examples/apis"}
)

// TestSchemaFromOpenAPI: the apply configurations' schema evaluated from
// the openapi call's definitions gives the committed example output (made
// with hack/update-codegen.sh, which compiled models-schema before this
// flag existed); a type with its own schema methods is an error that says
// what to do, and nothing is written.
func TestSchemaFromOpenAPI(t *testing.T) {
	dir := testkit.ExampleModule(t)
	args := slices.Concat([]string{"all"}, openapiArgs, []string{"--"}, clientArgs)
	if res := kubegen(t, dir, args...); res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	want := testkit.RepoRoot(t)
	for _, name := range []string{"internal.go", "zz_generated.openapi.go"} {
		w := generated(t, want, name)
		if len(w) == 0 {
			t.Fatalf("no committed %s", name)
		}
		testkit.CompareFiles(t, w, generated(t, dir, name))
	}

	custom := filepath.Join(dir, "examples/apis/shop/v1/custom.go")
	os.WriteFile(custom, []byte(`package v1

// Custom describes itself.
type Custom struct{ S string }

var kinds = []string{"string"}

// Not a literal: only the compiled program knows.
func (Custom) OpenAPISchemaType() []string { return kinds }
func (Custom) OpenAPISchemaFormat() string  { return "" }
`), 0o644)
	before := testkit.Snapshot(t, dir)
	res := kubegen(t, dir, args...)
	for _, want := range []string{"examples/generated/openapi/zz_generated.openapi.go:", "examples/apis/shop/v1.Custom{}.OpenAPISchemaType()",
		"pass what it prints with --applyconfig-openapi-schema"} {
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, want) {
			t.Errorf("exit %d (want 1), stderr lacks %q:\n%s", res.ExitCode, want, res.Stderr)
		}
	}
	if strings.Contains(res.Stderr, "panic") {
		t.Errorf("panicked:\n%s", res.Stderr)
	}
	testkit.RequireUnchanged(t, dir, before, ".cache/")
}

// convTree writes, into a copy of the example module without its API, a
// small API under
// examples/conv: an internal package widget (the hub), its version v1
// (conversions, defaulters) and units, an extra peer package with
// hand-written conversions between the two spellings of a size.
func convTree(t *testing.T) string {
	t.Helper()
	dir := testkit.ExampleModule(t)
	if err := os.RemoveAll(filepath.Join(dir, "examples/apis")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"units/units.go": `package units

import (
	"strconv"

	"k8s.io/apimachinery/pkg/conversion"
)

// Quantity is a size as the versioned API spells it.
type Quantity string

// Milli is a size in thousandths, as the internal API keeps it.
type Milli int64

func Convert_units_Quantity_To_units_Milli(in *Quantity, out *Milli, s conversion.Scope) error {
	n, err := strconv.ParseInt(string(*in), 10, 64)
	*out = Milli(n * 1000)
	return err
}

func Convert_units_Milli_To_units_Quantity(in *Milli, out *Quantity, s conversion.Scope) error {
	*out = Quantity(strconv.FormatInt(int64(*in)/1000, 10))
	return nil
}
`,
		"widget/doc.go": "// +k8s:deepcopy-gen=package\n\npackage widget\n",
		"widget/types.go": `package widget

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubegen/kubegen/examples/conv/units"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
type Widget struct {
	metav1.TypeMeta
	metav1.ObjectMeta
	Size   units.Milli
	Colors []string
	// Notes exist only here.
	// +k8s:conversion-gen=false
	Notes string
}
`,
		"widget/v1/doc.go": "// +k8s:deepcopy-gen=package\n// +k8s:conversion-gen=github.com/kubegen/kubegen/examples/conv/widget\n// +k8s:defaulter-gen=TypeMeta\n\npackage v1\n",
		"widget/v1/register.go": `package v1

import "k8s.io/apimachinery/pkg/runtime"

var localSchemeBuilder = &runtime.SchemeBuilder{}

func SetDefaults_Widget(obj *Widget) {
	if obj.Size == "" {
		obj.Size = "1"
	}
}
`,
		"widget/v1/types.go": `package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubegen/kubegen/examples/conv/units"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
type Widget struct {
	metav1.TypeMeta   ` + "`json:\",inline\"`" + `
	metav1.ObjectMeta ` + "`json:\"metadata,omitempty\"`" + `
	Size   units.Quantity ` + "`json:\"size\"`" + `
	Colors []string       ` + "`json:\"colors\"`" + `
}
`,
	}
	for name, data := range files {
		p := filepath.Join(dir, "examples/conv", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestHelpersConversion: helpers generates conversions, in the same load
// as deepcopy and defaulters, exactly as gen-conversion does with
// kube_codegen.sh's flags: its --extra-peer-dir becomes --extra-peer-dirs,
// and a package with only a =false tag is an input too.
func TestHelpersConversion(t *testing.T) {
	together, apart := convTree(t), convTree(t)
	res := kubegen(t, together, "helpers", "--boilerplate", "hack/boilerplate.go.txt",
		"--extra-peer-dir", "github.com/kubegen/kubegen/examples/conv/units", "./examples/conv")
	for _, want := range []string{"Generating deepcopy code for 2 targets", "Generating defaulter code for 1 targets", "Generating conversion code for 2 targets"} {
		if res.ExitCode != 0 || !strings.Contains(res.Stdout, want) {
			t.Fatalf("helpers: exit %d, stdout lacks %q\n%s%s", res.ExitCode, want, res.Stdout, res.Stderr)
		}
	}
	bin := testkit.BuildCommand(t, "./cmd/gen-conversion", "gen-conversion")
	if res := testkit.Run(t, apart, nil, bin, "--go-header-file", "hack/boilerplate.go.txt",
		"--output-file", "zz_generated.conversion.go", "--extra-peer-dirs", "github.com/kubegen/kubegen/examples/conv/units",
		"./examples/conv/widget", "./examples/conv/widget/v1"); res.ExitCode != 0 {
		t.Fatalf("gen-conversion: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	want, got := generated(t, apart, "zz_generated.conversion.go"), generated(t, together, "zz_generated.conversion.go")
	if len(want) != 1 || !strings.Contains(string(want["conv/widget/v1/zz_generated.conversion.go"]), "units.Convert_units_Quantity_To_units_Milli(") {
		t.Fatalf("gen-conversion wrote %d files, or none that calls the extra peer's function", len(want))
	}
	testkit.CompareFiles(t, want, got)
	if got := generated(t, together, "zz_generated.defaults.go"); len(got) != 1 {
		t.Errorf("helpers wrote %d defaulter files, want 1", len(got))
	}
	if res := testkit.Run(t, together, nil, "go", "vet", "./examples/conv/..."); res.ExitCode != 0 {
		t.Errorf("the generated code does not build: go vet: exit %d\n%s", res.ExitCode, res.Stderr)
	}
}

// TestHelpersConversionStale: conversion output of a package that no
// longer asks for it is reported by --verify and removed by an update.
func TestHelpersConversionStale(t *testing.T) {
	dir := convTree(t)
	args := []string{"helpers", "--boilerplate", "hack/boilerplate.go.txt",
		"--extra-peer-dir", "github.com/kubegen/kubegen/examples/conv/units", "./examples/conv"}
	if res := kubegen(t, dir, args...); res.ExitCode != 0 {
		t.Fatalf("helpers: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	stale := filepath.Join(dir, "examples/conv/units/zz_generated.conversion.go")
	os.WriteFile(stale, []byte("// Code generated by conversion-gen. DO NOT EDIT.\n\npackage units\n"), 0o644)
	res := kubegen(t, dir, append([]string{args[0], "--verify"}, args[1:]...)...)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "units/zz_generated.conversion.go: stale generated file") {
		t.Errorf("verify with a stale conversion file: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Errorf("--verify removed the stale file: %v", err)
	}
	if res := kubegen(t, dir, args...); res.ExitCode != 0 {
		t.Fatalf("helpers: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the update kept the stale file")
	}
}

// valTree copies the validated API of testdata/valapi to examples/val of
// a copy of the example module without its own API.
func valTree(t *testing.T) string {
	t.Helper()
	dir := testkit.ExampleModule(t)
	if err := os.RemoveAll(filepath.Join(dir, "examples/apis")); err != nil {
		t.Fatal(err)
	}
	testkit.CopyDir(t, "testdata/valapi", filepath.Join(dir, "examples/val"))
	os.Remove(filepath.Join(dir, "examples/val/README.md"))
	return dir
}

// kubeCodegenReadonly are kube_codegen.sh's KUBE_CODEGEN_READONLY_PKGS as
// its gen_helpers passes them to validation-gen.
var kubeCodegenReadonly = []string{
	"--readonly-pkg", "k8s.io/apimachinery/pkg/apis/meta/v1",
	"--readonly-pkg", "k8s.io/apimachinery/pkg/api/resource",
	"--readonly-pkg", "k8s.io/apimachinery/pkg/runtime",
	"--readonly-pkg", "k8s.io/apimachinery/pkg/types",
	"--readonly-pkg", "k8s.io/apimachinery/pkg/util/intstr",
	"--readonly-pkg", "k8s.io/apimachinery/pkg/version",
	"--readonly-pkg", "time",
}

// validationFiles are the validation-gen files under dir/examples, by
// path below it.
func validationFiles(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	for f, data := range testkit.Snapshot(t, filepath.Join(dir, "examples")) {
		if strings.HasPrefix(filepath.Base(f), "zz_generated.validations") {
			out[f] = []byte(data)
		}
	}
	return out
}

// TestHelpersValidation: helpers runs validation-gen after deepcopy over
// the packages tagged +k8s:validation-gen= (also =false, which writes
// nothing but counts), writing exactly what gen-validation writes with
// kube_codegen.sh's flags (its read-only packages); like kube_codegen.sh
// it removes stale zz_generated.validations.go files of the tree but no
// other file; the output builds, the next run is a cache hit, and
// --lint-rules reaches validation-gen.
func TestHelpersValidation(t *testing.T) {
	together, apart := valTree(t), valTree(t)
	const stale = "// Code generated by validation-gen. DO NOT EDIT.\n\npackage old\n"
	for _, name := range []string{"zz_generated.validations.go", "zz_generated.validations_test.go"} {
		os.WriteFile(filepath.Join(together, "examples/val/old", name), []byte(stale), 0o644)
	}
	args := []string{"helpers", "-v", "1", "--boilerplate", "hack/boilerplate.go.txt", "./examples/val"}
	res := kubegen(t, together, args...)
	if res.ExitCode != 0 {
		t.Fatalf("helpers: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if want := "Generating deepcopy code for 2 targets\nGenerating validation code for 2 targets\n"; res.Stdout != want {
		t.Errorf("stdout:\n%s\nwant (kube_codegen.sh's lines, in its order):\n%s", res.Stdout, want)
	}
	bin := testkit.BuildCommand(t, "./cmd/gen-validation", "gen-validation")
	if res := testkit.Run(t, apart, nil, bin, slices.Concat([]string{"--go-header-file", "hack/boilerplate.go.txt",
		"--output-file", "zz_generated.validations.go"}, kubeCodegenReadonly,
		[]string{"./examples/val/legacy", "./examples/val/widget/v1"})...); res.ExitCode != 0 {
		t.Fatalf("gen-validation: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	want, got := validationFiles(t, apart), validationFiles(t, together)
	if len(want) != 2 || !strings.Contains(string(want["val/widget/v1/zz_generated.validations.go"]), "func Validate_WidgetSpec(") {
		t.Fatalf("gen-validation wrote %d files, or no Validate_WidgetSpec", len(want))
	}
	if _, ok := got["val/old/zz_generated.validations.go"]; ok {
		t.Error("the stale zz_generated.validations.go of an untagged package was kept")
	}
	if string(got["val/old/zz_generated.validations_test.go"]) != stale {
		t.Error("a validation-gen test file was removed: kube_codegen.sh deletes only zz_generated.validations.go")
	}
	delete(got, "val/old/zz_generated.validations_test.go")
	testkit.CompareFiles(t, want, got)
	if res := testkit.Run(t, together, nil, "go", "build", "./examples/val/..."); res.ExitCode != 0 {
		t.Errorf("the generated code does not build: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if res := kubegen(t, together, args...); res.ExitCode != 0 || !strings.Contains(res.Stderr, "up to date") {
		t.Errorf("second run: exit %d, want a cache hit\n%s", res.ExitCode, res.Stderr)
	}

	// A package only validation-gen reads, with a misspelled tag that
	// known-tags-only rejects.
	lint := filepath.Join(together, "examples/val/lint/doc.go")
	os.MkdirAll(filepath.Dir(lint), 0o755)
	os.WriteFile(lint, []byte("// +k8s:validation-gen=*\n// +k8s:validation-gen-nolnt\npackage lint\n\ntype T struct{}\n"), 0o644)
	if res := kubegen(t, together, args...); res.ExitCode != 0 {
		t.Fatalf("without --lint-rules: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	res = kubegen(t, together, "helpers", "--lint-rules", "known-tags-only", "--boilerplate", "hack/boilerplate.go.txt", "./examples/val")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "validation-gen-nolnt") {
		t.Errorf("--lint-rules known-tags-only with a misspelled tag: exit %d (want 1)\n%s", res.ExitCode, res.Stderr)
	}
}

// TestValidationCall: validation-gen's own command line as a call of
// 'kubegen all', next to a deepcopy-gen call, writes the files of package
// validation's golden case "input" (upstream's output) and the deep-copy
// file gen-deepcopy writes, from one load; the cache fingerprints the
// --test-allowlist file.
func TestValidationCall(t *testing.T) {
	const cases = "../validation/testdata"
	header, _ := filepath.Abs(filepath.Join(cases, "boilerplate.go.txt"))
	for _, c := range testkit.LoadCases(t, cases) {
		if c.Name() != "input" {
			continue
		}
		c.Inputs["types/doc.go"] = []byte("// +k8s:deepcopy-gen=package\n\npackage types\n")
		dir, apart := c.Setup(t), c.Setup(t)
		deepcopyArgs := []string{"--output-file", "zz_generated.deepcopy.go", "./types"}
		res := kubegen(t, dir, slices.Concat([]string{"all", "validation-gen"}, c.Expand(header, dir),
			[]string{"--", "deepcopy-gen", "--go-header-file", header}, deepcopyArgs)...)
		if res.ExitCode != 0 || res.Stderr != c.WantStderr {
			t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", res.ExitCode, res.Stderr, c.WantStderr)
		}
		got := written(t, dir, c)
		const dc = "types/zz_generated.deepcopy.go"
		bin := testkit.BuildCommand(t, "./cmd/gen-deepcopy", "gen-deepcopy")
		if res := testkit.Run(t, apart, nil, bin, append([]string{"--go-header-file", header}, deepcopyArgs...)...); res.ExitCode != 0 {
			t.Fatalf("gen-deepcopy: exit %d\n%s", res.ExitCode, res.Stderr)
		}
		want, _ := os.ReadFile(filepath.Join(apart, dc))
		if len(want) == 0 || string(got[dc]) != string(want) {
			t.Errorf("%s differs from gen-deepcopy's:\n%s", dc, testkit.Diff(string(want), string(got[dc])))
		}
		delete(got, dc)
		testkit.CompareFiles(t, c.Want, got)

		allow := filepath.Join(dir, "allow.yaml")
		os.WriteFile(allow, []byte("[]\n"), 0o644)
		args := slices.Concat([]string{"validation-gen", "-v", "1"}, c.Expand(header, dir),
			[]string{"--test-output-root", filepath.Join(dir, "coverage"), "--test-allowlist", allow})
		for i, step := range []struct {
			edit func()
			hit  bool
		}{{nil, false}, {nil, true}, {func() { os.WriteFile(allow, []byte("[] # edited\n"), 0o644) }, false}, {nil, true}} {
			if step.edit != nil {
				step.edit()
			}
			res := kubegen(t, dir, args...)
			if res.ExitCode != 0 {
				t.Fatalf("run %d: exit %d\n%s", i+1, res.ExitCode, res.Stderr)
			}
			if hit := strings.Contains(res.Stderr, "up to date"); hit != step.hit {
				t.Errorf("run %d: cache hit %v, want %v\n%s", i+1, hit, step.hit, res.Stderr)
			}
		}
		return
	}
	t.Fatal("no golden case named input")
}

// TestHelpersValidationThenOpenAPI: helpers with validation-gen and an
// openapi call in one run write the definitions the openapi call writes
// alone: validation-gen's loading of its read-only packages from source
// (intstr, whose IntOrString the API uses) does not reach openapi-gen.
func TestHelpersValidationThenOpenAPI(t *testing.T) {
	together, apart := valTree(t), valTree(t)
	openapi := []string{"openapi", "--boilerplate", "hack/boilerplate.go.txt", "--output-dir", "examples/openapi",
		"--output-pkg", "github.com/kubegen/kubegen/examples/openapi", "--report-filename", "examples/violations.list", "--update-report", "./examples/val"}
	res := kubegen(t, together, slices.Concat([]string{"all", "helpers", "--boilerplate", "hack/boilerplate.go.txt", "./examples/val", "--"}, openapi)...)
	if res.ExitCode != 0 {
		t.Fatalf("kubegen all: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := kubegen(t, apart, openapi...); res.ExitCode != 0 {
		t.Fatalf("kubegen openapi: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	want, got := generated(t, apart, "zz_generated.openapi.go"), generated(t, together, "zz_generated.openapi.go")
	if len(want) != 1 || !strings.Contains(string(want["openapi/zz_generated.openapi.go"]), `"k8s.io/apimachinery/pkg/util/intstr.IntOrString"`) {
		t.Fatalf("openapi wrote %d files, or none naming IntOrString by its Go name", len(want))
	}
	testkit.CompareFiles(t, want, got)
	if len(validationFiles(t, together)) != 2 {
		t.Errorf("helpers wrote no validations")
	}
}

// TestCallsInSubdirectories is kubernetes' update-codegen.sh folded into
// one run: a deepcopy-gen call over the whole module, then a sub-project's
// helpers call run from its directory (-C) with its own paths. The two
// write b's deep-copy file identically (once, no warning); b's type embeds
// a's, whose DeepCopyInto only the first call generates, as it would be on
// disk if the calls ran one by one. A call whose file differs from the
// first's (another header) wins with a warning naming the file.
func TestCallsInSubdirectories(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":             "module example.com/m\n\ngo 1.26\n",
		"hack/h.txt":         "// Header.\n\n",
		"sub/hack/h.txt":     "// Header.\n\n",
		"sub/hack/other.txt": "// Other.\n\n",
		"a/doc.go":           "// +k8s:deepcopy-gen=package\n\npackage a\n",
		"a/types.go":         "package a\n\ntype Inner struct{ M map[string]string }\n",
		"sub/b/doc.go":       "// +k8s:deepcopy-gen=package\n\npackage b\n",
		"sub/b/types.go":     "package b\n\nimport \"example.com/m/a\"\n\ntype Outer struct{ In a.Inner }\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	deepcopy := []string{"deepcopy-gen", "--go-header-file", "hack/h.txt", "--output-file", "zz_generated.deepcopy.go", "./..."}
	res := kubegen(t, dir, slices.Concat([]string{"all"}, deepcopy, []string{"--", "-C", "sub", "helpers", "--boilerplate", "hack/h.txt", "./b"})...)
	if res.ExitCode != 0 || strings.Contains(res.Stderr, "warning") {
		t.Fatalf("exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "sub/b/zz_generated.deepcopy.go"))
	if err != nil || !strings.Contains(string(b), "in.In.DeepCopyInto(&out.In)") || !strings.Contains(string(b), "// Header.") {
		t.Fatalf("sub/b/zz_generated.deepcopy.go (%v):\n%s\n%s%s", err, b, res.Stdout, res.Stderr)
	}

	res = kubegen(t, dir, slices.Concat([]string{"all"}, deepcopy, []string{"--", "-C", "sub", "helpers", "--boilerplate", "hack/other.txt", "./b"})...)
	if want := "sub/b/zz_generated.deepcopy.go: two calls generate it differently (deepcopy-gen, then deepcopy-gen)"; res.ExitCode != 0 || !strings.Contains(res.Stderr, want) {
		t.Fatalf("exit %d, stderr lacks %q:\n%s", res.ExitCode, want, res.Stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sub/b/zz_generated.deepcopy.go")); !strings.Contains(string(b), "// Other.") {
		t.Errorf("the later call's file is not the one written:\n%s", b)
	}

	for _, args := range [][]string{{"-C", "sub"}, {"-C", "sub", "deepcopy-gen", "./b"}} {
		res := kubegen(t, dir, append([]string{"all"}, args...)...)
		if res.ExitCode != 2 || !strings.Contains(res.Stderr, "-C") {
			t.Errorf("%q: exit %d (want 2)\n%s", args, res.ExitCode, res.Stderr)
		}
	}
}
