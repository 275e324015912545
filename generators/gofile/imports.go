package gofile

import (
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// Imports tracks the imports of one generated file. Naming a foreign
// package through it is the only way to refer to one, so the import block
// is always exactly what the body uses.
//
// Local names follow the upstream generators (byte-identity depends on
// it): the first package to be named gets the shortest name built from its
// path's trailing elements, joined without separators and stripped of
// ".", "-" and "_": k8s.io/api/core/v1 is "v1", or "corev1" when "v1" is
// taken or is the last element of the file's own package path. Names are
// handed out in the order the body first uses them.
type Imports struct {
	self     string            // import path of the file's own package
	selfLeaf string            // its last element, never used as a name
	nameOf   map[string]string // import path → local name
	pathOf   map[string]string // local name → import path
}

// NewImports returns the tracker for a file of the package at importPath.
func NewImports(importPath string) *Imports {
	return &Imports{
		self:     importPath,
		selfLeaf: path.Base(importPath),
		nameOf:   map[string]string{},
		pathOf:   map[string]string{},
	}
}

// Package returns the local name for the package at importPath, recording
// the import; it returns "" for the file's own package.
func (im *Imports) Package(importPath string) string {
	if importPath == im.self || importPath == "" {
		return ""
	}
	if name, ok := im.nameOf[importPath]; ok {
		return name
	}
	name := im.pick(importPath)
	im.nameOf[importPath] = name
	im.pathOf[name] = importPath
	return name
}

// Use records an import under a name the caller chose, as upstream
// generators write some import lines by hand (client-gen's typed-client
// aliases); name "" imports the package under its own name, with no local
// name in the import block. A path already imported keeps its name. Call
// it after the body is written: unlike names from Package, it does not
// take part in upstream's choice of names.
func (im *Imports) Use(importPath, name string) {
	if _, ok := im.nameOf[importPath]; ok {
		return
	}
	im.nameOf[importPath] = name
	if name != "" {
		im.pathOf[name] = importPath
	}
}

func (im *Imports) pick(importPath string) string {
	elems := strings.Split(importPath, "/")
	clean := strings.NewReplacer("_", "", ".", "", "-", "")
	var name string
	for n := len(elems) - 1; n >= 0; n-- {
		name = clean.Replace(strings.Join(elems[n:], ""))
		if _, taken := im.pathOf[name]; taken || name == im.selfLeaf {
			continue
		}
		if token.Lookup(name).IsKeyword() {
			name = "_" + name
		}
		return name
	}
	// Every suffix is taken (the same path under two spellings?): number it.
	for i := 2; ; i++ {
		if _, taken := im.pathOf[name+strconv.Itoa(i)]; !taken {
			return name + strconv.Itoa(i)
		}
	}
}

// Qualify returns name as the body of this file spells a package-level
// symbol of the package at importPath.
func (im *Imports) Qualify(importPath, name string) string {
	if local := im.Package(importPath); local != "" {
		return local + "." + name
	}
	return name
}

// Type returns the Go spelling of t in this file, importing what it needs.
func (im *Imports) Type(t *model.Type) string { return im.TypeWith(t, nil) }

// TypeWith is Type with the types that are neither named nor built of
// others (builtins, interfaces, ...) spelled by leaf; nil spells them by
// name.
func (im *Imports) TypeWith(t *model.Type, leaf func(*model.Type) string) string {
	if t.IsNamed() {
		return im.Qualify(t.Name.Package, t.Name.Name)
	}
	switch t.Kind {
	case model.Map:
		key := im.TypeWith(t.Key, leaf)
		return "map[" + key + "]" + im.TypeWith(t.Elem, leaf)
	case model.Slice:
		return "[]" + im.TypeWith(t.Elem, leaf)
	case model.Array:
		return "[" + strconv.FormatInt(t.Len, 10) + "]" + im.TypeWith(t.Elem, leaf)
	case model.Pointer:
		return "*" + im.TypeWith(t.Elem, leaf)
	case model.Chan:
		return "chan " + im.TypeWith(t.Elem, leaf)
	case model.Struct:
		fields := make([]string, len(t.Members))
		for i, m := range t.Members {
			fields[i] = m.Name + " " + im.TypeWith(m.Type, leaf)
		}
		return "struct{" + strings.Join(fields, "; ") + "}"
	}
	if leaf != nil {
		return leaf(t)
	}
	return t.Name.Name
}

// paths returns the imported paths in import-block order: by group, then
// by path.
func (im *Imports) paths() []string {
	paths := make([]string, 0, len(im.nameOf))
	for p := range im.nameOf {
		paths = append(paths, p)
	}
	slices.SortFunc(paths, func(a, b string) int {
		if c := ImportGroup(a) - ImportGroup(b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return paths
}

// ImportGroup numbers the groups goimports puts imports in: the standard
// library (first path element without a dot), then other modules, then
// App Engine's.
func ImportGroup(importPath string) int {
	first, _, _ := strings.Cut(importPath, "/")
	switch {
	case strings.HasPrefix(importPath, "appengine"):
		return 2
	case strings.Contains(first, "."):
		return 1
	}
	return 0
}
