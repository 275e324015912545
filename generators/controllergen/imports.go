package controllergen

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubegen/kubegen/generators/model"
)

// importNames hands out import names as controller-gen does, in the order
// the code first names a package: the last element of the path, with the
// elements before it prepended while the name is taken (or is the file's
// own package name), leading digits dropped and other characters that
// cannot stand in an identifier made "_"; k8s.io/api/core/v1 is "v1",
// then "corev1".
type importNames struct {
	self   string            // the file's own import path
	byPath map[string]string // import path → name
	byName map[string]string // name → import path ("" for the own package's name)
	err    error             // the first type that cannot be spelled
}

func newImportNames(selfPath, selfName string) *importNames {
	return &importNames{self: selfPath, byPath: map[string]string{}, byName: map[string]string{selfName: ""}}
}

// name returns the name of the package at importPath, recording the
// import.
func (im *importNames) name(importPath string) string {
	if i := strings.LastIndex(importPath, "/vendor/"); i >= 0 {
		importPath = importPath[i+len("/vendor/"):]
	}
	if name, ok := im.byPath[importPath]; ok {
		return name
	}
	rest, elem := path.Split(importPath)
	name := ""
	for taken := true; taken; {
		if rest == "" {
			name += "x" // every element is in the name already
		}
		for r, size := utf8.DecodeRuneInString(elem); unicode.IsDigit(r); r, size = utf8.DecodeRuneInString(elem) {
			elem = elem[size:]
		}
		elem = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				return r
			}
			return '_'
		}, elem)
		name = elem + name
		if rest != "" {
			rest, elem = path.Split(rest[:len(rest)-1])
		}
		other, exists := im.byName[name]
		taken = exists && other != importPath
	}
	im.byPath[importPath] = name
	im.byName[name] = importPath
	return name
}

// typeName spells t in the file. Only named types, builtins, pointers,
// slices and maps have a spelling (controller-gen fails on the others).
func (im *importNames) typeName(t *model.Type) string {
	switch {
	case t.IsNamed() && t.Name.Package == im.self:
		return t.Name.Name
	case t.IsNamed():
		return im.name(t.Name.Package) + "." + t.Name.Name
	}
	switch t.Kind {
	case model.Builtin:
		return t.Name.Name
	case model.Pointer:
		return "*" + im.typeName(t.Elem)
	case model.Slice:
		return "[]" + im.typeName(t.Elem)
	case model.Map:
		return "map[" + im.typeName(t.Key) + "]" + im.typeName(t.Elem)
	}
	if im.err == nil {
		im.err = fmt.Errorf("controller-gen cannot spell the unnamed type %s in its code: declare it as a named type", t.Name.Name)
	}
	return t.Name.Name
}

// specs returns the import specs, sorted by path: a name is written only
// where it is not the imported package's own name (direct imports of the
// package, by path, give those names).
func (im *importNames) specs(direct map[string]string) []string {
	paths := make([]string, 0, len(im.byPath))
	for p := range im.byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	specs := make([]string, len(paths))
	for i, p := range paths {
		if pkgName, ok := direct[p]; ok && pkgName == im.byPath[p] {
			specs[i] = strconv.Quote(p)
		} else {
			specs[i] = im.byPath[p] + " " + strconv.Quote(p)
		}
	}
	return specs
}
