package validation

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
)

// writer is the body of one generated file: text, and the imports the
// names it spells need.
type writer struct {
	buf *bytes.Buffer
	im  *gofile.Imports
}

func (w *writer) p(format string, args ...any) { fmt.Fprintf(w.buf, format, args...) }
func (w *writer) s(text string)                { w.buf.WriteString(text) }

// sub returns a writer into a new buffer sharing the imports.
func (w *writer) sub() *writer { return &writer{buf: &bytes.Buffer{}, im: w.im} }

// sym spells a package-level symbol; names without a package are
// written as they are ("*string", a type argument).
func (w *writer) sym(n model.Name) string {
	if n.Package == "" {
		return w.spelled(n.Name)
	}
	return w.im.Qualify(n.Package, n.Name)
}

// spelled writes a type spelled with full import paths
// ("*k8s.io/api/core/v1.Pod") as the file names it ("*v1.Pod"), as
// gengo's universe resolves such names.
func (w *writer) spelled(s string) string {
	switch {
	case strings.HasPrefix(s, "*"):
		return "*" + w.spelled(s[1:])
	case strings.HasPrefix(s, "[]"):
		return "[]" + w.spelled(s[2:])
	case strings.ContainsAny(s, "[]{}() ,"):
		return s
	}
	if n := model.SplitName(s); n.Package != "" {
		return w.im.Qualify(n.Package, n.Name)
	}
	return names.Builtin(s)
}

// typ spells a type as gengo's raw namer does: int8 and uint8 are byte,
// the empty interface is any.
func (w *writer) typ(t *model.Type) string {
	return w.im.TypeWith(t, func(t *model.Type) string {
		switch {
		case t.Kind == model.Builtin:
			return names.Builtin(t.Name.Name)
		case t.Kind == model.Interface && (t.Name.Name == "interface{}" || t.Name.Name == "any"):
			return "any"
		}
		return t.Name.Name
	})
}
