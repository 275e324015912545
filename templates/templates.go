// Package templates holds the fixed shapes kubegen emits (listers, and
// later clientsets and informers) as text/template files embedded in the
// binary, one file per shape. Each file starts with a comment stating the
// data it takes.
//
// Templates name foreign symbols only through two functions, so that the
// file's import block is exactly what the body uses:
//
//	{{qualify "k8s.io/apimachinery/pkg/labels" "Selector"}}  →  labels.Selector
//	{{type .Type}}                                            →  appsv1.Deployment
//
// Both record the import, in the order the template uses them (which
// decides import names when two packages would get the same one).
package templates

import (
	"embed"
	"fmt"
	"text/template"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
)

//go:embed *.tmpl
var files embed.FS

var all = template.Must(template.New("").Option("missingkey=error").Funcs(template.FuncMap{
	"qualify": func(string, string) string { panic("unbound") },
	"type":    func(*model.Type) string { panic("unbound") },
}).ParseFS(files, "*.tmpl"))

// Execute renders the template in file name (e.g. "lister.tmpl") with data
// and appends the result to f's body.
func Execute(f *gofile.File, name string, data any) error {
	t, err := all.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{
		"qualify": f.Imports.Qualify,
		"type":    f.Imports.Type,
	})
	if err := t.ExecuteTemplate(&f.Body, name, data); err != nil {
		return fmt.Errorf("rendering %s for %s: %w", name, f.Path, err)
	}
	return nil
}
