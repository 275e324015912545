package pbgo

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
)

// Rewrite turns gogo's generated.pb.go (the output of [GenerateGo]) into
// the file go-to-protobuf ships, the way go-to-protobuf does with its
// default --drop-gogo-go: its rewrite of the syntax tree, then goimports
// -w, then gofmt -s -w, all in process.
//
//   - hasGoType reports whether the Go package declares the named type
//     (go-to-protobuf: the types it wrote messages for). gogo's declaration
//     of such a type is dropped, after its fields' struct tags are
//     collected into structTags (type name → field name → whole tag).
//   - isOptional reports whether the named type is a nullable map or
//     slice (+protobuf.nullable=true): its methods are rewritten to work
//     on the type itself instead of gogo's wrapper struct with an Items
//     field, and "m.F = &T{}" becomes "m.F = T{}" for such T everywhere.
//   - header goes before everything else: go-to-protobuf's is
//     "// +build <conditional>\n\n" when --conditional is set, then
//     what gengo's GoBoilerplate makes of --go-header-file: the file with
//     YEAR replaced, and a newline.
//
// Everything of gogo's that the Go package does not need is dropped: its
// imports, blank imports, consts, types, vars other than the
// ErrInvalidLength/ErrIntOverflow/ErrUnexpectedEndOfGroup ones, and funcs
// other than the marshal, unmarshal, size, Reset and String methods and
// their helpers; gogo's sortkeys becomes the standard sort package.
func Rewrite(src, header []byte, hasGoType, isOptional func(name string) bool) (out []byte, structTags map[string]map[string]string, err error) {
	return rewrite(src, header, hasGoType, isOptional, rewriteMode{})
}

// RewriteKeepGogo is Rewrite for go-to-protobuf's --drop-gogo-go=false:
// of gogo's declarations only those of the package's own types (their
// struct tags collected) and the blank imports go, and sortkeys stays;
// the nullable types' methods are rewritten the same way.
func RewriteKeepGogo(src, header []byte, hasGoType, isOptional func(name string) bool) (out []byte, structTags map[string]map[string]string, err error) {
	return rewrite(src, header, hasGoType, isOptional, rewriteMode{keepGogo: true})
}

type rewriteMode struct {
	keepGogo    bool // --drop-gogo-go=false
	literal     bool // take the literal route (see finish)
	unformatted bool // src is gogo's output before its final gofmt
}

func rewrite(src, header []byte, hasGoType, isOptional func(string) bool, mode rewriteMode) (out []byte, structTags map[string]map[string]string, err error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "generated.pb.go", src, parser.DeclarationErrors|parser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	if mode.unformatted {
		// All that gofmt would change in gogo's output, which gogo has
		// printed with gofmt's printer already (number literals aside,
		// which the printing below normalizes).
		ast.SortImports(fset, file)
	}
	structTags, err = rewriteGogo(fset, file, hasGoType, isOptional, !mode.keepGogo)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	buf.Write(header)
	if err := printer.Fprint(&buf, fset, file); err != nil {
		return nil, nil, err
	}
	out, err = finish(buf.Bytes(), mode.literal)
	if err != nil {
		return nil, nil, err
	}
	return out, structTags, nil
}

// finish runs what follows go-to-protobuf's rewrite on its printed
// output: format.Source (of rewriteFile), goimports, gofmt -s.
//
// Done literally, that is five parses and five prints of a file of up to
// 2 MB. But goimports changes only the import declaration, and gofmt -s
// only that and what it simplifies (gofmt's output being a fixed point
// of the printer), and neither change depends on the other. So the file
// is parsed once, with object resolution (for goimports' view of which
// packages it uses), simplified, printed once, and only its head, up to
// the end of the import declaration, goes through the goimports and
// gofmt steps. A file of another shape (no single import declaration
// first) takes the literal route, as does every file when literal is set
// (tests check that both agree).
func finish(printed []byte, literal bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.pb.go", printed, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("rewritten generated.pb.go does not parse: %w", err)
	}
	ast.SortImports(fset, f) // format.Source
	if literal {
		formatted, err := gofile.Gofmt(fset, f)
		if err != nil {
			return nil, err
		}
		return literalFinish(formatted)
	}
	used := packageRefs(f) // before gofmt -s, as goimports sees it
	gofile.Simplify(f)
	formatted, err := gofile.Gofmt(fset, f)
	if err != nil {
		return nil, err
	}

	// The head: everything up to the end of the line where the import
	// declaration ends.
	hset := token.NewFileSet()
	h, err := parser.ParseFile(hset, "generated.pb.go", formatted, parser.ParseComments|parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	if len(h.Decls) != 1 {
		return literalFinish(formatted)
	}
	end := hset.Position(h.Decls[0].End()).Offset
	if i := bytes.IndexByte(formatted[end:], '\n'); i >= 0 {
		end += i + 1
	} else {
		end = len(formatted)
	}
	head, rest := formatted[:end], formatted[end:]

	hset = token.NewFileSet()
	h, err = parser.ParseFile(hset, "generated.pb.go", head, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	head, err = fixImportsAST(hset, h, used)
	if err != nil {
		return nil, err
	}
	if head, err = gofile.GofmtSimplify("generated.pb.go", head); err != nil {
		return nil, err
	}
	return append(head, rest...), nil
}

// literalFinish is goimports then gofmt -s on format.Source's output.
func literalFinish(formatted []byte) ([]byte, error) {
	out, err := fixImports(formatted)
	if err != nil {
		return nil, err
	}
	return gofile.GofmtSimplify("generated.pb.go", out)
}

// The funcs and vars of gogo's output that the Go package keeps.
var (
	keptFuncs = map[string]bool{
		"Marshal": true, "MarshalTo": true, "MarshalToSizedBuffer": true,
		"Unmarshal": true, "Size": true, "Reset": true, "String": true,
		"sovGenerated": true, "sozGenerated": true, "skipGenerated": true,
		"encodeVarintGenerated": true, "valueToStringGenerated": true,
	}
	keptVars = map[string]bool{
		"ErrInvalidLengthGenerated":        true,
		"ErrIntOverflowGenerated":          true,
		"ErrUnexpectedEndOfGroupGenerated": true,
	}
)

const gogoSortkeys = `"github.com/gogo/protobuf/sortkeys"`

// rewriteGogo edits file in place and returns the struct tags of the
// dropped type declarations. Without dropGogo, it drops only those
// declarations and the blank imports (--drop-gogo-go=false).
func rewriteGogo(fset *token.FileSet, file *ast.File, hasGoType, isOptional func(string) bool, dropGogo bool) (map[string]map[string]string, error) {
	cmap := ast.NewCommentMap(fset, file, file.Comments)

	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			rewriteOptionalMethod(fd, isOptional)
		}
	}

	// gogo's sortkeys → sort: the first import of it is rewritten, and
	// every use in a func body renamed.
	if dropGogo {
		if old, ok := rewriteSortImport(file); ok {
			for _, d := range file.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					ast.Walk(renamePackage{from: old, to: "sort"}, fd.Body)
				}
			}
		}
	}

	var tags map[string]map[string]string
	var errs []string
	kept := file.Decls[:0:0]
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			var specs []ast.Spec
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if hasGoType(s.Name.Name) {
						if tags == nil {
							tags = map[string]map[string]string{}
						}
						if err := collectTags(fset, s, tags); err != nil {
							errs = append(errs, err.Error())
						}
						continue
					}
				case *ast.ImportSpec:
					if s.Name != nil && s.Name.Name == "_" {
						continue
					}
					if dropGogo && strings.HasPrefix(s.Path.Value, `"github.com/gogo/protobuf/`) {
						continue
					}
				case *ast.ValueSpec:
					if dropGogo && d.Tok == token.VAR && !keptVars[s.Names[0].Name] {
						continue
					}
				}
				specs = append(specs, s)
			}
			// With gogo dropped, every const and type goes; and an
			// import, type or (gogo dropped) var declaration left empty.
			if dropGogo && (d.Tok == token.CONST || d.Tok == token.TYPE) {
				continue
			}
			if len(specs) == 0 && (d.Tok == token.IMPORT || d.Tok == token.TYPE || dropGogo && d.Tok == token.VAR) {
				continue
			}
			d.Specs = specs
		case *ast.FuncDecl:
			if dropGogo && !keptFuncs[d.Name.Name] {
				continue
			}
		}
		kept = append(kept, d)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	file.Decls = kept
	file.Comments = cmap.Filter(file).Comments()
	return tags, nil
}

// collectTags records the struct tags of gogo's declaration of a type the
// Go package has.
func collectTags(fset *token.FileSet, s *ast.TypeSpec, tags map[string]map[string]string) error {
	st, ok := s.Type.(*ast.StructType)
	if !ok {
		return nil
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			continue
		}
		tag := strings.Trim(f.Tag.Value, "`")
		if reflect.StructTag(tag).Get("protobuf") == "" {
			continue
		}
		var name string
		if len(f.Names) > 0 {
			name = f.Names[0].Name
		} else {
			n, err := embeddedName(f.Type)
			if err != nil {
				return fmt.Errorf("%s: type %s: %v", fset.Position(f.Pos()), s.Name.Name, err)
			}
			name = n
		}
		m := tags[s.Name.Name]
		if m == nil {
			m = map[string]string{}
			tags[s.Name.Name] = m
		}
		m[name] = tag
	}
	return nil
}

// embeddedName is the field name of an embedded field of type t.
func embeddedName(t ast.Expr) (string, error) {
	for {
		switch x := t.(type) {
		case *ast.Ident:
			return x.Name, nil
		case *ast.SelectorExpr:
			return x.Sel.Name, nil
		case *ast.StarExpr:
			t = x.X
		default:
			return "", fmt.Errorf("embedded field of unexpected type %T", t)
		}
	}
}

// rewriteSortImport points gogo's sortkeys import at the standard sort
// package and returns the name the file used for it.
func rewriteSortImport(file *ast.File) (string, bool) {
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			if is.Path.Value != gogoSortkeys {
				continue
			}
			old := "sortkeys"
			if is.Name != nil {
				old = is.Name.Name
			}
			is.Path.Value = `"sort"`
			is.Name = nil
			return old, true
		}
	}
	return "", false
}

// renamePackage renames the package of qualified identifiers. Like
// upstream, it does not look inside any selector expression.
type renamePackage struct{ from, to string }

func (r renamePackage) Visit(n ast.Node) ast.Visitor {
	if sel, ok := n.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == r.from {
			id.Name = r.to
		}
		return nil
	}
	return r
}
