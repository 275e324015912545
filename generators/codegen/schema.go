package codegen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/openapi/evaluate"
	"github.com/kubegen/kubegen/internal/sink"
)

// capturedDefs is the definitions file an openapi call generates, as the
// run formats it (before anything is written).
type capturedDefs struct {
	path string // absolute
	data []byte // nil until the openapi job ran
}

func (d *capturedDefs) capture(files []sink.File) {
	for _, f := range files {
		if abs, err := filepath.Abs(f.Path); err == nil && abs == d.path {
			d.data = f.Data
		}
	}
}

// schema evaluates the captured definitions into the document
// models-schema would print for them; c is the call that asked, for
// messages.
func (d *capturedDefs) schema(c *call, u *model.Universe) (*spec.Swagger, error) {
	from, file := schemaFlags(c)
	if d.data == nil {
		return nil, fmt.Errorf("%s: %s: the openapi call generated no %s", c.name, from, relDir(d.path))
	}
	doc, err := evaluate.Document(relDir(d.path), constantMethods(d.data, u), evaluate.Universe(u))
	if err != nil {
		return nil, fmt.Errorf("%v (in the definitions as this run generates them)\n%s: %s cannot evaluate these definitions; "+
			"build and run a models-schema program over them instead and pass what it prints with %s", err, c.name, from, file)
	}
	return doc, nil
}

// schemaFlags names a call's flag that takes the schema from an openapi
// call, and its flag for a schema file.
func schemaFlags(c *call) (fromOpenAPI, file string) {
	if c.name == "client" {
		return "--applyconfig-schema-from-openapi", "--applyconfig-openapi-schema"
	}
	return "--" + schemaFromOpenAPIFlag, "--openapi-schema"
}

// linkSchemas gives each client or applyconfiguration-gen call that takes
// its schema from an openapi call the definitions of the last openapi (or
// openapi-gen) call before it.
func linkSchemas(cs []*call) error {
	for i, c := range cs {
		if !c.schemaFromOpenAPI {
			continue
		}
		from, _ := schemaFlags(c)
		var defs *capturedDefs
		for _, prev := range cs[:i] {
			if prev.defs != nil {
				defs = prev.defs
			}
		}
		if defs == nil {
			later := false
			for _, next := range cs[i+1:] {
				later = later || next.defs != nil
			}
			if later {
				return usageError{fmt.Errorf("%s: %s takes the definitions of an earlier call: put the openapi call before the %s call", c.name, from, c.name)}
			}
			if c.name == "client" {
				return usageError{fmt.Errorf("client: %s needs an openapi call in the same run: kubegen all ... -- openapi ... -- client --with-applyconfig %s ...", from, from)}
			}
			return usageError{fmt.Errorf("%s: %s needs an openapi-gen (or openapi) call in the same run: kubegen all openapi-gen ... -- %s %s ...", c.name, from, c.name, from)}
		}
		if c.applyconfig != nil {
			c.applyconfig.Schema = func(u *model.Universe) (*spec.Swagger, error) { return defs.schema(c, u) }
			c.applyconfig.SchemaName = relDir(defs.path) + " (evaluated)"
		}
	}
	return nil
}

// schemaMethodCall is a call of a type's own schema method as gen-openapi
// writes it into the definitions: pkg.Type{}.Method().
var schemaMethodCall = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\{\}\.(OpenAPISchemaType|OpenAPISchemaFormat|OpenAPIV3OneOfTypes)\(\)`)

// constantMethods returns the definitions src with the calls of a type's
// own schema method that package evaluate does not run (it runs those of
// its Known types) replaced by their result, where the method's body in
// the loaded source is a single return of a literal: nil, a string, or a
// []string of strings (apiextensions' JSON: "return nil"). That literal
// is what the compiled program gets. Other calls are left for the
// evaluation to report. The replacements keep every line where it was,
// so positions in messages stay right.
func constantMethods(src []byte, u *model.Universe) []byte {
	matches := schemaMethodCall.FindAllSubmatchIndex(src, -1)
	if len(matches) == 0 {
		return src
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return src // the evaluation reports it
	}
	imports := map[string]string{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	results := map[string]string{} // pkg.Type.Method → the literal, "" if none
	var out bytes.Buffer
	last := 0
	for _, m := range matches {
		pkg, ok := imports[string(src[m[2]:m[3]])]
		typeName, method := string(src[m[4]:m[5]]), string(src[m[6]:m[7]])
		if _, known := evaluate.Known[pkg+"."+typeName]; !ok || known {
			continue
		}
		key := pkg + "." + typeName + "." + method
		lit, done := results[key]
		if !done {
			lit = constantResult(u.Package(pkg), typeName, method)
			results[key] = lit
		}
		if lit != "" {
			out.Write(src[last:m[0]])
			out.WriteString(lit)
			last = m[1]
		}
	}
	if last == 0 {
		return src
	}
	out.Write(src[last:])
	return out.Bytes()
}

// constantResult returns the literal that the value method typeName.method
// of p returns, spelled on one line, if its body is a single return of
// nil, a string or a []string of strings; else "".
func constantResult(p *model.Package, typeName, method string) string {
	if p == nil {
		return ""
	}
	for _, path := range p.Files {
		src, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(src, []byte(method)) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != method || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
				continue
			}
			if recv, ok := fd.Recv.List[0].Type.(*ast.Ident); !ok || recv.Name != typeName {
				continue // a pointer receiver's method is not T{}'s
			}
			if len(fd.Body.List) != 1 {
				return ""
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				return ""
			}
			return literal(ret.Results[0])
		}
	}
	return ""
}

// literal spells x on one line if it is nil, a string literal or a
// []string literal of string literals; else "".
func literal(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		if x.Name == "nil" {
			return "nil"
		}
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			if s, err := strconv.Unquote(x.Value); err == nil {
				return strconv.Quote(s)
			}
		}
	case *ast.CompositeLit:
		at, ok := x.Type.(*ast.ArrayType)
		if !ok || at.Len != nil {
			return ""
		}
		if elt, ok := at.Elt.(*ast.Ident); !ok || elt.Name != "string" {
			return ""
		}
		var elems []string
		for _, e := range x.Elts {
			s := literal(e)
			if s == "" || s == "nil" {
				return ""
			}
			elems = append(elems, s)
		}
		return "[]string{" + strings.Join(elems, ", ") + "}"
	}
	return ""
}
