// Command upstream applies controller-tools' crd markers the way
// controller-gen does, for the parity tests of markerdefs.go: it reads
// cases as JSON lines on stdin and writes one JSON line of results per
// case on stdout.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdmarkers "sigs.k8s.io/controller-tools/pkg/crd/markers"
	"sigs.k8s.io/controller-tools/pkg/loader"
	"sigs.k8s.io/controller-tools/pkg/markers"
)

// testCase is one input line.
type testCase struct {
	Kind     string                           `json:"kind"`   // "schema", "crd" or "defs"
	Target   string                           `json:"target"` // "field" or "type"
	Markers  []string                         `json:"markers"`
	Schema   *apiext.JSONSchemaProps          `json:"schema,omitempty"`
	Srcs     []string                         `json:"srcs,omitempty"` // the package's files, for k8s:enum
	PkgPath  string                           `json:"pkgPath,omitempty"`
	TypeName string                           `json:"typeName,omitempty"`
	CRD      *apiext.CustomResourceDefinition `json:"crd,omitempty"`
	Version  string                           `json:"version,omitempty"`
}

// parseError is a marker that did not parse.
type parseError struct {
	Index int    `json:"index"`
	Msg   string `json:"msg"`
}

// result is one output line.
type result struct {
	Unknown     []int                            `json:"unknown,omitempty"` // markers no definition matched
	ParseErrors []parseError                     `json:"parseErrors,omitempty"`
	Errors      []string                         `json:"errors,omitempty"`
	Panic       string                           `json:"panic,omitempty"`
	Schema      *apiext.JSONSchemaProps          `json:"schema,omitempty"`
	CRD         *apiext.CustomResourceDefinition `json:"crd,omitempty"`
	Defs        []defDump                        `json:"defs,omitempty"`
}

type argDump struct {
	Kind     string   `json:"kind"`
	Optional bool     `json:"optional,omitempty"`
	Item     *argDump `json:"item,omitempty"`
}

type defDump struct {
	Name   string             `json:"name"`
	Target string             `json:"target"`
	Args   map[string]argDump `json:"args"`
	// What the marker's value does: its schema priority if it changes a
	// schema, and whether it changes the CRD.
	Schema   bool `json:"schema,omitempty"`
	Priority int  `json:"priority,omitempty"`
	CRD      bool `json:"crd,omitempty"`
}

var kindNames = map[markers.ArgumentType]string{
	markers.InvalidType: "invalid", markers.IntType: "int", markers.NumberType: "number",
	markers.StringType: "string", markers.BoolType: "bool", markers.AnyType: "any",
	markers.SliceType: "slice", markers.MapType: "map", markers.RawType: "raw",
}

func dumpArg(a markers.Argument) argDump {
	d := argDump{Kind: kindNames[a.Type], Optional: a.Optional || a.Pointer}
	if a.ItemType != nil {
		item := dumpArg(*a.ItemType)
		d.Item = &item
	}
	return d
}

type schemaMarker interface {
	ApplyToSchema(*crdmarkers.SchemaContext, *apiext.JSONSchemaProps) error
}

type specMarker interface {
	ApplyToCRD(*apiext.CustomResourceDefinitionSpec, string) error
}

type crdMarker interface {
	ApplyToCRD(*apiext.CustomResourceDefinition, string) error
}

func priority(m schemaMarker) crdmarkers.ApplyPriority {
	if p, ok := m.(crdmarkers.ApplyPriorityMarker); ok {
		return p.ApplyPriority()
	}
	if _, ok := m.(interface{ ApplyFirst() }); ok {
		return crdmarkers.ApplyPriorityFirst
	}
	return crdmarkers.ApplyPriorityDefault
}

type named struct {
	name  string
	value any
}

// collect parses the markers as controller-gen does, and returns their
// values by name in sorted name order (a name's in input order).
func collect(reg *markers.Registry, target markers.TargetType, texts []string, res *result) []named {
	byName := map[string][]any{}
	for i, text := range texts {
		def := reg.Lookup(text, target)
		if def == nil {
			res.Unknown = append(res.Unknown, i)
			continue
		}
		v, err := def.Parse(text)
		if err != nil {
			res.ParseErrors = append(res.ParseErrors, parseError{i, err.Error()})
			continue
		}
		byName[def.Name] = append(byName[def.Name], v)
	}
	var out []named
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, v := range byName[n] {
			out = append(out, named{n, v})
		}
	}
	return out
}

func schemaContext(c *testCase) (*crdmarkers.SchemaContext, error) {
	if len(c.Srcs) == 0 {
		return &crdmarkers.SchemaContext{}, nil
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for i, src := range c.Srcs {
		f, err := parser.ParseFile(fset, fmt.Sprintf("f%d.go", i), src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.Default()}
	tpkg, err := conf.Check(c.PkgPath, fset, files, info)
	if err != nil {
		return nil, err
	}
	var spec *ast.TypeSpec
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == c.TypeName && spec == nil {
				spec = ts
			}
			return true
		})
	}
	if spec == nil {
		// Not declared in the package: an identifier that defines nothing.
		spec = &ast.TypeSpec{Name: ast.NewIdent(c.TypeName)}
	}
	pkg := &loader.Package{Package: &packages.Package{PkgPath: c.PkgPath, Syntax: files, Types: tpkg, TypesInfo: info}}
	return &crdmarkers.SchemaContext{Package: pkg, TypeInfo: &markers.TypeInfo{Name: c.TypeName, RawSpec: spec}}, nil
}

func run(reg *markers.Registry, c *testCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{Panic: fmt.Sprint(r)}
		}
	}()
	switch c.Kind {
	case "defs":
		for _, d := range reg.AllDefinitions() {
			dd := defDump{Name: d.Name, Target: d.Target.String(), Args: map[string]argDump{}}
			for n, a := range d.Fields {
				dd.Args[n] = dumpArg(a)
			}
			switch v := reflect.New(d.Output).Elem().Interface().(type) {
			case schemaMarker:
				dd.Schema, dd.Priority = true, int(priority(v))
			case specMarker, crdMarker:
				dd.CRD = true
			}
			res.Defs = append(res.Defs, dd)
		}
		slices.SortFunc(res.Defs, func(a, b defDump) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Target, b.Target))
		})
	case "schema":
		target := markers.DescribesField
		if c.Target == "type" {
			target = markers.DescribesType
		}
		ctx, err := schemaContext(c)
		if err != nil {
			return result{Panic: "bad case: " + err.Error()}
		}
		props := c.Schema
		if props == nil {
			props = &apiext.JSONSchemaProps{}
		}
		type applied struct {
			name string
			m    schemaMarker
		}
		var direct, items []applied
		for _, nv := range collect(reg, target, c.Markers, &res) {
			m, ok := nv.value.(schemaMarker)
			if !ok {
				continue
			}
			if strings.HasPrefix(nv.name, crdmarkers.ValidationItemsPrefix) {
				items = append(items, applied{nv.name, m})
			} else {
				direct = append(direct, applied{nv.name, m})
			}
		}
		byPriority := func(a, b applied) int { return int(priority(a.m) - priority(b.m)) }
		slices.SortStableFunc(direct, byPriority)
		slices.SortStableFunc(items, byPriority)
		for _, a := range direct {
			if err := a.m.ApplyToSchema(ctx, props); err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
		}
		for _, a := range items {
			if props.Type != "array" || props.Items == nil || props.Items.Schema == nil {
				res.Errors = append(res.Errors, fmt.Sprintf("must apply %s to an array value, found %s", a.name, props.Type))
				continue
			}
			if err := a.m.ApplyToSchema(ctx, props.Items.Schema); err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
		}
		res.Schema = props
	case "crd":
		crd := c.CRD
		for _, nv := range collect(reg, markers.DescribesType, c.Markers, &res) {
			var err error
			switch m := nv.value.(type) {
			case specMarker:
				err = m.ApplyToCRD(&crd.Spec, c.Version)
			case crdMarker:
				err = m.ApplyToCRD(crd, c.Version)
			default:
				continue
			}
			if err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
		}
		res.CRD = crd
	default:
		return result{Panic: "bad case kind " + c.Kind}
	}
	return res
}

func main() {
	reg := &markers.Registry{}
	if err := crdmarkers.Register(reg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c testCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, err := json.Marshal(run(reg, &c))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.Write(append(b, '\n'))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
