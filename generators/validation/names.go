package validation

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
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
	return builtinName(&model.Type{Name: model.Name{Name: s}})
}

// typ spells a type as gengo's raw namer does.
func (w *writer) typ(t *model.Type) string {
	if t.IsNamed() {
		return w.im.Qualify(t.Name.Package, t.Name.Name)
	}
	switch t.Kind {
	case model.Builtin:
		return builtinName(t)
	case model.Map:
		k := w.typ(t.Key)
		return "map[" + k + "]" + w.typ(t.Elem)
	case model.Slice:
		return "[]" + w.typ(t.Elem)
	case model.Array:
		return "[" + strconv.FormatInt(t.Len, 10) + "]" + w.typ(t.Elem)
	case model.Pointer:
		return "*" + w.typ(t.Elem)
	case model.Chan:
		return "chan " + w.typ(t.Elem)
	case model.Struct:
		elems := make([]string, len(t.Members))
		for i, m := range t.Members {
			elems[i] = m.Name + " " + w.typ(m.Type)
		}
		return "struct{" + strings.Join(elems, "; ") + "}"
	case model.Interface:
		if t.Name.Name == "interface{}" || t.Name.Name == "any" {
			return "any"
		}
	}
	return t.Name.Name
}

// builtinName is a builtin's name to gengo, for which int8 and uint8 are
// byte.
func builtinName(t *model.Type) string {
	switch t.Name.Name {
	case "int8", "uint8":
		return "byte"
	}
	return t.Name.Name
}

// typeString spells a type as gengo's Type.String does, for messages and
// paths.
func typeString(t *model.Type) string {
	if t.IsNamed() {
		return t.Name.String()
	}
	switch t.Kind {
	case model.Builtin:
		return builtinName(t)
	case model.Pointer:
		return "*" + typeString(t.Elem)
	case model.Slice:
		return "[]" + typeString(t.Elem)
	case model.Array:
		return "[" + strconv.FormatInt(t.Len, 10) + "]" + typeString(t.Elem)
	case model.Map:
		return "map[" + typeString(t.Key) + "]" + typeString(t.Elem)
	}
	return t.Name.String()
}

// kindName spells a kind as gengo does.
func kindName(t *model.Type) string {
	switch t.Kind {
	case model.Builtin:
		return "Builtin"
	case model.Struct:
		return "Struct"
	case model.Map:
		return "Map"
	case model.Slice:
		return "Slice"
	case model.Array:
		return "Array"
	case model.Pointer:
		return "Pointer"
	case model.Interface:
		return "Interface"
	case model.Defined:
		return "Alias"
	case model.Chan:
		return "Chan"
	case model.Func:
		return "Func"
	}
	return "Unsupported"
}

// publicName is gengo's public name of a named type (its name, first
// letter upper-cased); privateName the private one.
func publicName(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

func privateName(name string) string {
	if name == "" {
		return name
	}
	return strings.ToLower(name[:1]) + name[1:]
}
