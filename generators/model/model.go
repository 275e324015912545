// Package model is the small, generator-neutral picture of Go API packages
// that every kubegen generator works from.
//
// The loader (package load) builds a Universe once; generators read it and
// never touch go/packages or go/types themselves, so they can be tested
// from a model built in memory.
//
// The model deliberately follows the type classification of the upstream
// code generators, because their output depends on it:
//
//   - a named type whose underlying type is a struct, interface, pointer,
//     array, chan or func takes that kind (a named struct IS a Struct);
//   - a named type over a basic type, a map or a slice is Defined, with the
//     unnamed underlying type in Underlying;
//   - Go type aliases (type A = B) are transparent: they resolve to B;
//   - Methods are the methods declared on a named type (either receiver),
//     not the ones promoted from embedded fields.
package model

import (
	"go/token"
	"go/types"
	"strings"
)

// Kind classifies a Type.
type Kind int

const (
	Invalid     Kind = iota // did not type-check
	Builtin                 // bool, string, int…, and named types of package ""
	Struct                  // named or anonymous struct
	Map                     // unnamed map
	Slice                   // unnamed slice
	Array                   // array, named or not
	Pointer                 // pointer, named or not
	Interface               // named or anonymous interface
	Defined                 // named type over a basic type, map or slice
	Chan                    // channel
	Func                    // function type
	TypeParam               // a type parameter of a generic type
	Unsupported             // unsafe.Pointer, complex numbers, …
)

var kindNames = [...]string{"invalid", "builtin", "struct", "map", "slice", "array", "pointer",
	"interface", "defined", "chan", "func", "type parameter", "unsupported"}

func (k Kind) String() string { return kindNames[k] }

// Name identifies a type: Package is the import path ("" for builtins and
// unnamed types), Name the type name or, for unnamed types, the Go spelling
// with full import paths (e.g. "[]k8s.io/api/core/v1.Container").
type Name struct {
	Package string
	Name    string
}

func (n Name) String() string {
	if n.Package == "" {
		return n.Name
	}
	return n.Package + "." + n.Name
}

// Type is one Go type. Types are shared: the same Go type is the same *Type.
type Type struct {
	Name Name
	Kind Kind

	Elem       *Type // Map, Slice, Array, Pointer, Chan
	Key        *Type // Map
	Underlying *Type // Defined: the unnamed underlying type
	Len        int64 // Array

	Members []Member           // Struct, in declaration order
	Generic bool               // a generic type (declared with type parameters)
	Methods map[string]*Method // declared methods of a named type; nil if none
	// Hidden are declared methods that the load's build tags hide (such as
	// generated DeepCopy methods of dependencies): they exist in the
	// compiled program, but generators decide as if they did not.
	Hidden map[string]*Method

	// Doc is the comment block that ends on the line right above the
	// declaration; Detached is the block separated from Doc (or from the
	// declaration, if there is no Doc) by exactly one blank line. Both are
	// empty for types not loaded from source.
	Doc, Detached Comment
	Pos           token.Position // of the declared name; zero if not from source

	// Go is the go/types type this was made from, for the rare question
	// the model does not answer.
	Go types.Type
}

// IsNamed reports whether t is a declared (package-level) type.
func (t *Type) IsNamed() bool { return t.Name.Package != "" }

// IsExported reports whether t's name starts with an upper-case letter.
func (t *Type) IsExported() bool { return token.IsExported(t.Name.Name) }

// TagLines returns the comment lines that carry t's tags: the detached
// block first, then the doc block, as the upstream generators read them.
func (t *Type) TagLines() []Line {
	return append(append([]Line(nil), t.Detached.Lines...), t.Doc.Lines...)
}

// Resolved returns the type that decides how t is handled: the underlying
// type of a Defined type, t itself otherwise.
func (t *Type) Resolved() *Type {
	if t.Kind == Defined {
		return t.Underlying
	}
	return t
}

// IsAssignable reports whether a plain assignment copies t completely:
// builtins (and defined types over them) and structs made only of such.
func (t *Type) IsAssignable() bool {
	switch t.Kind {
	case Builtin:
		return true
	case Defined:
		return t.Underlying.Kind == Builtin
	case Struct:
		for _, m := range t.Members {
			if !m.Type.IsAssignable() {
				return false
			}
		}
		return true
	}
	return false
}

// IsAnonymousStruct reports whether t is an unnamed struct type.
func (t *Type) IsAnonymousStruct() bool { return t.Kind == Struct && !t.IsNamed() }

// Member is one field of a struct.
type Member struct {
	Name     string // for embedded fields, the type name
	Embedded bool
	Tag      string // the raw struct tag, without quotes
	Type     *Type
	Doc      Comment
	Pos      token.Position
}

// Method is the signature of a declared method.
type Method struct {
	Name       string
	PtrRecv    bool // declared on *T
	Params     []*Type
	Results    []*Type
	IsVariadic bool
}

// Line is one line of a comment, without the comment markers, and where it
// stands in the source.
type Line struct {
	Text string
	Pos  token.Position
}

// Comment is a block of comment lines.
type Comment struct {
	Lines []Line
}

// Texts returns the bare text of each line.
func (c Comment) Texts() []string {
	out := make([]string, len(c.Lines))
	for i, l := range c.Lines {
		out[i] = l.Text
	}
	return out
}

// Const is a declared constant of an input package.
type Const struct {
	Name  string
	Type  *Type  // its type: a named type, or an untyped builtin
	Value string // the value: unquoted for strings, else its Go spelling
	Doc   Comment
	Pos   token.Position
}

// Package is one loaded package.
type Package struct {
	Path string // import path
	Name string // package name
	Dir  string // directory on disk

	// Input is true for packages named by the user's patterns. Those, and
	// the packages a generator asked for with load.Loaded.LoadSource, are
	// loaded from source and have Types, Comments, Files and Funcs.
	Input bool

	// Types holds the package's declared types, sorted by name.
	Types []*Type

	// Consts holds the package's declared constants, sorted by name (for
	// packages loaded from source).
	Consts []*Const

	// Comments holds every comment line of the package's doc.go, the place
	// upstream generators read package tags from.
	Comments Comment

	// Files are the package's Go source files (absolute paths), sorted.
	Files []string

	// TypeErrors are the type-checker's complaints about an input package,
	// tolerated at load time: they explain types that loaded as Invalid.
	TypeErrors []string

	// Funcs are the package's top-level functions (not methods), sorted
	// by name, for packages loaded from source.
	Funcs []*Function

	// Vars are the package's top-level variables, sorted by name, for
	// packages loaded from source.
	Vars []*Var

	// Imports are the import paths the package's files import, sorted,
	// for packages loaded from source.
	Imports []string
}

// Var is a top-level variable: its name and type.
type Var struct {
	Name string
	Type *Type
	Pos  token.Position
}

// Const returns the package's declared constant with the given name, or
// nil.
func (p *Package) Const(name string) *Const {
	for _, c := range p.Consts {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Function is a top-level function: its signature and doc comment.
type Function struct {
	Name       string
	Params     []*Type
	Results    []*Type
	IsVariadic bool
	Doc        Comment        // the comment block right above the declaration
	Pos        token.Position // of the function's name
}

// Type returns the package's declared type with the given name, or nil.
func (p *Package) Type(name string) *Type {
	for _, t := range p.Types {
		if t.Name.Name == name {
			return t
		}
	}
	return nil
}

// Universe is everything one load produced.
type Universe struct {
	// Inputs are the packages named by the patterns, sorted by path.
	Inputs []*Package

	packages map[string]*Package
	types    map[string]*Type // by Name.String()
}

// NewUniverse returns an empty universe; package load fills it.
func NewUniverse() *Universe {
	return &Universe{packages: map[string]*Package{}, types: map[string]*Type{}}
}

// Package returns the package with the given import path, or nil.
func (u *Universe) Package(path string) *Package { return u.packages[path] }

// AddPackage records p; an input package is also appended to Inputs.
func (u *Universe) AddPackage(p *Package) {
	u.packages[p.Path] = p
	if p.Input {
		u.Inputs = append(u.Inputs, p)
	}
}

// WithInputs returns a view of u whose Inputs are in: the same packages
// and types, another selection of inputs (one generator's share of a run
// that loaded the inputs of several).
func (u *Universe) WithInputs(in []*Package) *Universe {
	view := *u
	view.Inputs = in
	return &view
}

// Lookup returns the named type "import/path.Name", or nil if it was not
// loaded.
func (u *Universe) Lookup(fullName string) *Type { return u.types[fullName] }

// Intern returns the type recorded under name, and whether it existed; if
// not, it records a new empty Type under that name.
func (u *Universe) Intern(name Name) (*Type, bool) {
	key := name.String()
	if t, ok := u.types[key]; ok {
		return t, true
	}
	t := &Type{Name: name}
	u.types[key] = t
	return t, false
}

// SplitName splits "import/path.Name" into its package path and name.
func SplitName(full string) Name {
	i := strings.LastIndex(full, ".")
	if i < 0 || strings.LastIndex(full, "/") > i {
		return Name{Name: full}
	}
	return Name{Package: full[:i], Name: full[i+1:]}
}
