package swaggerdocs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/generators/swaggerdocs"
)

const misnamedTypes = `package v1

// Widget is a thing. Its ` + "`Spec`" + ` says what it should be, and ` + "`Spec`" + `
// again is reported once.
type Widget struct {
	// Spec is the desired state; ` + "`spec.Size`" + ` is not a word, ` + "`size`" + ` is right.
	Spec WidgetSpec ` + "`json:\"spec\"`" + `
	// Status mirrors ` + "`Spec`" + ` and ` + "`STATUS`" + `.
	// Set ` + "`value`" + ` to ` + "`nil`" + ` freely: neither is a field.
	Status WidgetSpec ` + "`json:\"status\"`" + `
	// Ignored: ` + "`Spec`" + `
	Ignored string ` + "`json:\"-\"`" + `
	// hidden mentions ` + "`Spec`" + ` but is not exported.
	hidden string
}

// WidgetSpec has a field whose JSON name differs from its Go name.
type WidgetSpec struct {
	// Size is ` + "`Size`" + ` bytes; also see ` + "`replicaCount`" + `.
	Size int ` + "`json:\"size\"`" + `
	// ReplicaCount is the count.
	ReplicaCount int ` + "`json:\"replicas\"`" + `
}

// Widgets mentions ` + "`Spec`" + ` of another type: not a field of this one.
type Widgets struct {
	Items []Widget ` + "`json:\"items\"`" + `
}
`

// TestCheckFieldNames: every quoted word that spells a field's JSON name
// in another case is found, once per comment, at its line, in upstream's
// order; other quoted words, other types' fields and left-out fields are
// not.
func TestCheckFieldNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types.go")
	if err := os.WriteFile(path, []byte(misnamedTypes), 0o644); err != nil {
		t.Fatal(err)
	}
	found, err := swaggerdocs.CheckFieldNames(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range found {
		got = append(got, strings.TrimPrefix(m.String(), path+":"))
	}
	want := []string{
		"3:1: doc for Widget contains: Spec, which should be: spec",
		"8:2: doc for Widget.status contains: Spec, which should be: spec",
		"8:2: doc for Widget.status contains: STATUS, which should be: status",
		"19:2: doc for WidgetSpec.size contains: Size, which should be: size",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckFieldNamesBadFile: a file that does not parse is an error
// with its position, not an empty result.
func TestCheckFieldNamesBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types.go")
	os.WriteFile(path, []byte("package v1\n\ntype Broken struct {\n"), 0o644)
	if _, err := swaggerdocs.CheckFieldNames(path); err == nil || !strings.Contains(err.Error(), "types.go:3:") {
		t.Errorf("error = %v, want one at types.go:3", err)
	}
}
