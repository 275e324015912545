package swaggerdocs_test

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
	kruntime "k8s.io/apimachinery/pkg/runtime"

	"github.com/kubegen/kubegen/generators/swaggerdocs"
	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs gen-swaggerdocs on every testdata case and compares what
// it writes (or the error it prints) with the case's expectations.
func TestGolden(t *testing.T) {
	bin := testkit.BuildCommand(t, "./cmd/gen-swaggerdocs", "gen-swaggerdocs")
	testkit.RunGolden(t, "testdata", bin)
}

// TestFunctionsMatchApimachinery: the functions written for the docs case
// are what k8s.io/apimachinery's own generator (the library behind
// kubernetes' genswaggertypedocs) writes for the same file.
func TestFunctionsMatchApimachinery(t *testing.T) {
	a, err := txtar.ParseFile("testdata/docs.txtar")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "types.go")
	for _, f := range a.Files {
		if f.Name == "v1/types.go" {
			os.WriteFile(path, f.Data, 0o644)
		}
	}
	got, err := swaggerdocs.Functions(path)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := kruntime.ParseDocumentationFrom(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := kruntime.WriteSwaggerDocFunc(docs, &want); err != nil {
		t.Fatal(err)
	}
	// Upstream leaves the layout to gofmt: compare formatted files.
	formatted := func(body []byte) string {
		b, err := format.Source(append([]byte("package v1\n\n"), body...))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if g, w := formatted(got), formatted(want.Bytes()); g != w {
		t.Errorf("differs from apimachinery's output:\n%s", testkit.Diff(w, g))
	}
}
