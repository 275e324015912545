package defaulter_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// registered matches the types that RegisterDefaults registers.
var registered = regexp.MustCompile(`AddTypeDefaultingFunc\(&(?:(\w+)\.)?(\w+)\{\}`)

// makeObjects makes the types that the generated file at name registers
// runtime.Objects (the golden cases declare a TypeMeta of their own, and no
// deep-copy functions), in a file next to each type.
func makeObjects(t *testing.T, dir, name string, src []byte) {
	t.Helper()
	helpers := map[string]string{} // directory → methods
	for _, m := range registered.FindAllSubmatch(src, -1) {
		typeDir := filepath.Dir(name)
		if alias := string(m[1]); alias != "" {
			imp := regexp.MustCompile(`(?m)^\s*` + alias + ` "example\.com/df/([^"]+)"`).FindSubmatch(src)
			if imp == nil {
				t.Fatalf("%s: no import for %s", name, alias)
			}
			typeDir = string(imp[1])
		}
		helpers[typeDir] += fmt.Sprintf("func (in *%[1]s) DeepCopyObject() runtime.Object { return in }\n"+
			"func (in *%[1]s) GetObjectKind() schema.ObjectKind { return schema.EmptyObjectKind }\n", m[2])
	}
	for typeDir, methods := range helpers {
		files, _ := filepath.Glob(filepath.Join(dir, typeDir, "*.go"))
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", typeDir)
		}
		first, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		pkg := regexp.MustCompile(`(?m)^package (\w+)`).FindSubmatch(first)
		code := "package " + string(pkg[1]) + "\n\nimport (\n\t\"k8s.io/apimachinery/pkg/runtime\"\n\t\"k8s.io/apimachinery/pkg/runtime/schema\"\n)\n\n" + methods
		if err := os.WriteFile(filepath.Join(dir, typeDir, "runtime_objects.go"), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGoldenOutputCompiles builds and vets every golden case that succeeds,
// its inputs together with the expected output: generated code that does
// not compile would pass the byte comparisons unnoticed. The case's module
// gets kubegen's go.sum, which resolves k8s.io/apimachinery (the generated
// RegisterDefaults takes a *runtime.Scheme).
func TestGoldenOutputCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles k8s.io/apimachinery")
	}
	sum, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	compiled := 0
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.WantErr != nil {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := c.Setup(t)
			for name, data := range c.Want {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
				makeObjects(t, dir, name, data)
			}
			mod := append(append([]byte(nil), c.Inputs["go.mod"]...), "\nrequire k8s.io/apimachinery v0.37.2\n"...)
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
				t.Fatal(err)
			}
			env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
			for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
				if res := testkit.Run(t, dir, env, "go", args...); res.ExitCode != 0 {
					t.Fatalf("go %v: exit %d\n%s%s", args, res.ExitCode, res.Stdout, res.Stderr)
				}
			}
		})
		compiled++
	}
	if compiled < 5 {
		t.Errorf("only %d golden cases compiled; want every successful case", compiled)
	}
}
