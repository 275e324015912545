package conversion

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// pair is a conversion from in to out.
type pair struct{ in, out *model.Type }

// manualFn is a hand-written conversion function.
type manualFn struct {
	pkg  string
	decl *model.Function
}

// fnTag returns the function's +k8s:conversion-fn value.
func (f *manualFn) fnTag() string {
	tags := model.FindTags(f.decl.Doc.Lines, tagFn)
	if len(tags) != 1 {
		return ""
	}
	return tags[0].Value
}

func (f *manualFn) copyOnly() bool { return f.fnTag() == "copy-only" }
func (f *manualFn) drop() bool     { return f.fnTag() == "drop" }

// manualConversions are the hand-written conversion functions by the pair
// of types they convert.
type manualConversions map[pair]*manualFn

// scan records the conversion functions of pkg; scanning a package twice
// finds nothing new.
func (m manualConversions) scan(pkg *model.Package) error {
	if pkg == nil {
		return nil
	}
	var errs []error
	for _, f := range pkg.Funcs {
		if len(f.Params) != 3 || len(f.Results) != 1 || f.IsVariadic {
			continue
		}
		// The model has no type for the predeclared error interface: a
		// result of kind Invalid is error (or did not type-check).
		if f.Params[2].Name != (model.Name{Package: conversionPkg, Name: "Scope"}) || f.Results[0].Kind != model.Invalid {
			continue
		}
		in, out := f.Params[0], f.Params[1]
		if in.Kind != model.Pointer || out.Kind != model.Pointer || in.IsNamed() || out.IsNamed() {
			continue
		}
		want := "Convert_" + publicName(in.Elem) + "_To_" + publicName(out.Elem)
		if f.Name != want {
			continue
		}
		key := pair{in.Elem, out.Elem}
		if old := m[key]; old != nil && old.pkg != pkg.Path {
			errs = append(errs, model.PosErrorf(f.Pos, "%s is also defined at %s (package %s): a pair of types has one conversion function; remove one", f.Name, old.decl.Pos, old.pkg))
			continue
		}
		m[key] = &manualFn{pkg: pkg.Path, decl: f}
	}
	return errors.Join(errs...)
}

// nameSanitizer cleans import path elements for function names.
var nameSanitizer = strings.NewReplacer("-", "_", ".", "")

// publicName spells t as conversion function names do: the last element
// of the import path and the type name ("v1_Pod"), or a description of an
// unnamed type ("Slice_string", "Map_string_To_v1_Pod").
func publicName(t *model.Type) string {
	if t.Name.Package != "" {
		dirs := strings.Split(t.Name.Package, "/")
		last := nameSanitizer.Replace(dirs[len(dirs)-1])
		return last + "_" + t.Name.Name
	}
	switch t.Kind {
	case model.Map:
		return "Map_" + publicName(t.Key) + "_To_" + publicName(t.Elem)
	case model.Slice:
		return "Slice_" + publicName(t.Elem)
	case model.Array:
		return "Array_" + strconv.FormatInt(t.Len, 10) + "_" + publicName(t.Elem)
	case model.Pointer:
		return "Pointer_" + publicName(t.Elem)
	case model.Chan:
		return "Chan_" + publicName(t.Elem)
	case model.Struct:
		parts := []string{"Struct"}
		for _, m := range t.Members {
			parts = append(parts, publicName(m.Type))
		}
		return strings.Join(parts, "_")
	}
	return t.Name.Name
}
