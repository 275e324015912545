package conformance

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/testkit"
)

// outputTestsPkg is the import path of validation-gen's output_tests.
const outputTestsPkg = "k8s.io/code-generator/cmd/validation-gen/output_tests"

// goTestEnv builds the module copy from the module cache (or the proxy).
// -trimpath keeps the compiled packages in the build cache valid across
// temporary directories, so a warm run only links and runs.
var goTestEnv = []string{"GOWORK=off", "GOFLAGS=-mod=mod -trimpath"}

// pkgResult is what `go test -json` reported for one package.
type pkgResult struct {
	action      string   // pass, fail or skip (no test files)
	failedBuild bool     // it failed to build (or vet)
	failedTests []string // the top-level tests that failed
	cached      bool
	output      strings.Builder
}

// goTestJSON runs `go test -json args...` in dir and returns the results
// by import path, and the build output that belongs to no package.
func goTestJSON(t *testing.T, dir string, args ...string) (map[string]*pkgResult, testkit.Result) {
	t.Helper()
	res := testkit.Run(t, dir, goTestEnv, "go", append([]string{"test", "-json"}, args...)...)
	pkgs := map[string]*pkgResult{}
	get := func(p string) *pkgResult {
		if pkgs[p] == nil {
			pkgs[p] = &pkgResult{}
		}
		return pkgs[p]
	}
	build := map[string]*strings.Builder{} // build-output by ImportPath
	sc := bufio.NewScanner(strings.NewReader(res.Stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev struct{ Action, Package, ImportPath, Test, Output, FailedBuild string }
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue // a line go test printed outside the JSON stream
		}
		if ev.Action == "build-output" {
			if build[ev.ImportPath] == nil {
				build[ev.ImportPath] = &strings.Builder{}
			}
			build[ev.ImportPath].WriteString(ev.Output)
			continue
		}
		if ev.Package == "" {
			continue
		}
		r := get(ev.Package)
		switch {
		case ev.Action == "output":
			r.output.WriteString(ev.Output)
			if ev.Test == "" && strings.Contains(ev.Output, "(cached)") {
				r.cached = true
			}
		case ev.Test != "":
			if ev.Action == "fail" && !strings.Contains(ev.Test, "/") {
				r.failedTests = append(r.failedTests, ev.Test)
			}
		case ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip":
			r.action = ev.Action
			if ev.FailedBuild != "" {
				r.failedBuild = true
				if b := build[ev.FailedBuild]; b != nil {
					r.output.WriteString(b.String())
				}
			}
		}
	}
	return pkgs, res
}

// packagesWithTests lists the import paths of the packages under
// root/rel that have _test.go files, as `go test rel/...` would see them.
func packagesWithTests(t *testing.T, root, rel, importPath string) []string {
	t.Helper()
	base := filepath.Join(root, rel)
	var out []string
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if p != base && (strings.HasPrefix(d.Name(), "_") || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		entries, _ := os.ReadDir(p)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), "_test.go") {
				r, _ := filepath.Rel(base, p)
				out = append(out, strings.TrimSuffix(importPath+"/"+filepath.ToSlash(r), "/."))
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkValidationRuntime runs the Go tests of the output_tests packages
// in the module copy at module (whose zz_generated files gen-validation
// wrote): they exercise the generated validations through
// code-generator's testscheme, so they say whether our output does what
// validation-gen's does, not just whether it reads the same. Every
// package with tests must pass; all of them run by default (about 40s
// warm, under 2 minutes with an empty build cache, on 2 cores). It
// returns the results for checkValidationMutations.
func checkValidationRuntime(t *testing.T, module string) map[string]*pkgResult {
	want := packagesWithTests(t, module, "cmd/validation-gen/output_tests", outputTestsPkg)
	if len(want) < 140 {
		t.Errorf("%d output_tests packages with tests, want about 150: has the reference moved?", len(want))
	}
	// go test's result cache is content-addressed (sources, environment,
	// files the tests read), so a cached pass is a pass of this output;
	// KUBEGEN_FULL=1 runs every test anyway.
	args := []string{"./cmd/validation-gen/output_tests/..."}
	if os.Getenv("KUBEGEN_FULL") == "1" {
		args = append([]string{"-count=1"}, args...)
	}
	start := time.Now()
	pkgs, res := goTestJSON(t, module, args...)
	elapsed := time.Since(start).Round(time.Second)
	if len(pkgs) == 0 {
		t.Fatalf("go test ran no package: exit %d\n%s", res.ExitCode, clip(res.Stderr, 40))
	}
	passed, cached := 0, 0
	for _, p := range want {
		r := pkgs[p]
		switch {
		case r == nil:
			t.Errorf("%s: go test reported nothing", p)
		case r.action == "pass":
			passed++
			if r.cached {
				cached++
			}
		default:
			what := "failed: " + strings.Join(r.failedTests, ", ")
			if r.failedBuild {
				what = "does not build"
			}
			t.Errorf("%s %s\n%s", strings.TrimPrefix(p, outputTestsPkg+"/"), what, clip(r.output.String(), 40))
		}
	}
	for p, r := range pkgs {
		if r.action == "fail" && !slices.Contains(want, p) {
			t.Errorf("%s failed\n%s", p, clip(r.output.String(), 40))
		}
	}
	if res.ExitCode != 0 && !t.Failed() {
		t.Errorf("go test: exit %d\n%s", res.ExitCode, clip(res.Stderr, 40))
	}
	t.Logf("output_tests Go tests: %d/%d packages passed (%d results cached), %d packages without tests; %s",
		passed, len(want), cached, len(pkgs)-len(want), elapsed)
	return pkgs
}

// validationMutations are deliberate mistakes in gen-validation's output
// that the package's tests must catch: each replaces the first from after
// the first after (if any) in the package's zz_generated.validations.go.
var validationMutations = []struct{ dir, after, from, to string }{
	// a +k8s:validateFalse emitted as validateTrue
	{"tags/validate_false", "", `oldObj, false, "field Struct.StringField")`, `oldObj, true, "field Struct.StringField")`},
	// a wrong +k8s:maxLength limit
	{"tags/maxlength", "", "oldObj, 10); len(e) != 0", "oldObj, 11); len(e) != 0"},
	// a field whose unchanged value is validated again on update (not
	// the first such field, MixComparableStruct.NonComparable: its test
	// has no update)
	{"ratcheting/default_behavior", "// field StructSlice.SliceField", "if equality.Semantic.DeepEqual(obj, oldObj) {", "if false && equality.Semantic.DeepEqual(obj, oldObj) {"},
}

// checkValidationMutations shows that checkValidationRuntime can fail:
// with each mutation applied, its package must still build and a test
// in it must fail. before are the results of the unmutated run.
func checkValidationMutations(t *testing.T, module string, before map[string]*pkgResult) {
	tests := filepath.Join(module, "cmd/validation-gen/output_tests")
	var patterns []string
	for _, m := range validationMutations {
		if r := before[outputTestsPkg+"/"+m.dir]; r == nil || r.action != "pass" {
			t.Errorf("%s: does not pass unmutated, so its mutation proves nothing", m.dir)
			continue
		}
		file := filepath.Join(tests, m.dir, validationFile)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		head, tail, ok := strings.Cut(string(b), m.after)
		if !ok || !strings.Contains(tail, m.from) {
			t.Errorf("%s/%s: no %q after %q to mutate", m.dir, validationFile, m.from, m.after)
			continue
		}
		mutated := head + m.after + strings.Replace(tail, m.from, m.to, 1)
		if err := os.WriteFile(file, []byte(mutated), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(file, b, 0o644)
		patterns = append(patterns, "./cmd/validation-gen/output_tests/"+m.dir)
	}
	if len(patterns) == 0 {
		return
	}
	pkgs, res := goTestJSON(t, module, append([]string{"-count=1"}, patterns...)...)
	caught := 0
	for _, m := range validationMutations {
		r := pkgs[outputTestsPkg+"/"+m.dir]
		switch {
		case r == nil:
			if slices.Contains(patterns, "./cmd/validation-gen/output_tests/"+m.dir) {
				t.Errorf("%s: go test reported nothing\n%s", m.dir, clip(res.Stderr, 20))
			}
		case r.failedBuild:
			t.Errorf("%s: the mutation %q -> %q broke the build instead of a test\n%s", m.dir, m.from, m.to, clip(r.output.String(), 20))
		case r.action != "fail" || len(r.failedTests) == 0:
			t.Errorf("%s: the tests pass with %q -> %q", m.dir, m.from, m.to)
		default:
			caught++
			t.Logf("%s: %q -> %q fails %s", m.dir, m.from, m.to, strings.Join(r.failedTests, ", "))
		}
	}
	t.Logf("mutations caught by the output_tests Go tests: %d/%d", caught, len(validationMutations))
}
