package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/generators/model"
)

// TestConstantMethods: a call of a type's own schema method in the
// definitions becomes the literal its body returns, when that body is a
// single return of nil, a string or a []string of strings (and the
// method has a value receiver); any other call stays for the evaluation
// to report, apimachinery's known types too (the evaluation runs their
// methods). Lines stay where they were.
func TestConstantMethods(t *testing.T) {
	dir := t.TempDir()
	ext := filepath.Join(dir, "ext.go")
	os.WriteFile(ext, []byte(`package ext

type JSON struct{}

func (_ JSON) OpenAPISchemaType() []string {
	// TODO: return actual types when anyOf is supported
	return nil
}
func (_ JSON) OpenAPISchemaFormat() string { return "" }

type Str struct{}

func (Str) OpenAPISchemaType() []string { return []string{"string", `+"`number`"+`} }
func (s Str) OpenAPISchemaFormat() string { return `+"`byte`"+` }

var kinds = []string{"string"}

type Computed struct{}

func (Computed) OpenAPISchemaType() []string { return kinds }
func (Computed) OpenAPISchemaFormat() string {
	f := "date"
	return f
}

type Ptr struct{}

func (*Ptr) OpenAPISchemaType() []string { return nil }
`), 0o644)
	u := model.NewUniverse()
	u.AddPackage(&model.Package{Path: "example.com/ext", Name: "ext", Dir: dir, Files: []string{ext}})

	src := `package openapi

import (
	x "example.com/ext"
	intstr "k8s.io/apimachinery/pkg/util/intstr"
	missing "example.com/missing"
)

var (
	a = x.JSON{}.OpenAPISchemaType()
	b = x.JSON{}.OpenAPISchemaFormat()
	c = x.Str{}.OpenAPISchemaType()
	d = x.Str{}.OpenAPISchemaFormat()
	e = x.Computed{}.OpenAPISchemaType()
	f = x.Computed{}.OpenAPISchemaFormat()
	g = x.Ptr{}.OpenAPISchemaType()
	h = intstr.IntOrString{}.OpenAPISchemaType()
	i = missing.T{}.OpenAPISchemaType()
	j = x.JSON{}.OpenAPIModelName()
)
`
	want := strings.NewReplacer(
		"x.JSON{}.OpenAPISchemaType()", "nil",
		"x.JSON{}.OpenAPISchemaFormat()", `""`,
		"x.Str{}.OpenAPISchemaType()", `[]string{"string", "number"}`,
		"x.Str{}.OpenAPISchemaFormat()", `"byte"`,
	).Replace(src)
	if got := string(constantMethods([]byte(src), u)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := string(constantMethods([]byte("package openapi\n"), u)); got != "package openapi\n" {
		t.Errorf("a file without schema method calls changed: %q", got)
	}
}
