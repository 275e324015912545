package crd

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	goparser "go/parser"
	"go/token"
	"go/types"
	"os/exec"
	"slices"
	"strings"
	"testing"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/internal/testkit"
)

// The parity tests run the same cases through controller-tools' markers
// (testdata/rules/upstream, a program of ours built against
// controller-tools v0.23.0) and through newRegistry's, and compare.

// ruleCase is one case, as the upstream program reads it.
type ruleCase struct {
	Kind     string                           `json:"kind"`   // "schema", "crd" or "defs"
	Target   string                           `json:"target"` // "field" or "type"
	Markers  []string                         `json:"markers"`
	Schema   *apiext.JSONSchemaProps          `json:"schema,omitempty"`
	Srcs     []string                         `json:"srcs,omitempty"`
	PkgPath  string                           `json:"pkgPath,omitempty"`
	TypeName string                           `json:"typeName,omitempty"`
	CRD      *apiext.CustomResourceDefinition `json:"crd,omitempty"`
	Version  string                           `json:"version,omitempty"`
}

type ruleParseError struct {
	Index int    `json:"index"`
	Msg   string `json:"msg"`
}

// ruleResult is the outcome of a case, as the upstream program writes it.
type ruleResult struct {
	Unknown     []int                            `json:"unknown,omitempty"`
	ParseErrors []ruleParseError                 `json:"parseErrors,omitempty"`
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
	Name     string             `json:"name"`
	Target   string             `json:"target"`
	Args     map[string]argDump `json:"args"`
	Schema   bool               `json:"schema,omitempty"`
	Priority int                `json:"priority,omitempty"`
	CRD      bool               `json:"crd,omitempty"`
}

// upstreamResults runs the cases through the upstream program.
func upstreamResults(t *testing.T, cases []ruleCase) []ruleResult {
	t.Helper()
	bin := testkit.BuildProgram(t, "testdata/rules/upstream", "sigs.k8s.io/controller-tools@v0.23.0")
	var in bytes.Buffer
	for _, c := range cases {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command(bin)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("upstream program: %v\n%s", err, stderr.Bytes())
	}
	var res []ruleResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r ruleResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("upstream output: %v\n%s", err, sc.Bytes())
		}
		res = append(res, r)
	}
	if len(res) != len(cases) {
		t.Fatalf("upstream program answered %d of %d cases", len(res), len(cases))
	}
	return res
}

// ourContext is the rule context of a case.
func ourContext(t *testing.T, c ruleCase) *ruleContext {
	if len(c.Srcs) == 0 {
		return &ruleContext{}
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for i, src := range c.Srcs {
		f, err := goparser.ParseFile(fset, fmt.Sprintf("f%d.go", i), src, goparser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check(c.PkgPath, fset, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &ruleContext{Types: pkg, Files: files, TypeName: c.TypeName}
}

// ourResult runs a case through newRegistry's definitions and rules, the
// way the schema and spec code apply them.
func ourResult(t *testing.T, reg *markers.Registry, r *rules, c ruleCase) (res ruleResult) {
	defer func() {
		if p := recover(); p != nil {
			res = ruleResult{Panic: fmt.Sprint(p)}
		}
	}()
	target := markers.Field
	if c.Target == "type" || c.Kind == "crd" {
		target = markers.Type
	}
	set := markerSet{}
	for i, text := range c.Markers {
		def := reg.Lookup(text, target)
		if def == nil {
			res.Unknown = append(res.Unknown, i)
			continue
		}
		v, err := def.Parse(text)
		if err != nil {
			res.ParseErrors = append(res.ParseErrors, ruleParseError{i, err.Error()})
			continue
		}
		set[def.Name] = append(set[def.Name], markerValue{def, v})
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	switch c.Kind {
	case "schema":
		props := c.Schema
		if props == nil {
			props = &apiext.JSONSchemaProps{}
		}
		for _, err := range r.applySchema(ourContext(t, c), set, props) {
			res.Errors = append(res.Errors, err.Error())
		}
		res.Schema = props
	case "crd":
		for _, n := range names {
			for _, mv := range set[n] {
				rule, ok := r.crd[mv.def]
				if !ok {
					continue
				}
				if err := rule.apply(mv.value, c.CRD, c.Version); err != nil {
					res.Errors = append(res.Errors, err.Error())
				}
			}
		}
		res.CRD = c.CRD
	}
	return res
}

// compareResults compares our outcome of a case with upstream's. Parse
// errors are compared by marker, and by message for the definitions
// whose parsing is ours (Custom); other messages are the grammar's.
func compareResults(t *testing.T, reg *markers.Registry, c ruleCase, up, ours ruleResult) bool {
	t.Helper()
	var diffs []string
	if !slices.Equal(up.Unknown, ours.Unknown) {
		diffs = append(diffs, fmt.Sprintf("unknown markers: upstream %v, ours %v", up.Unknown, ours.Unknown))
	}
	target := markers.Field
	if c.Target == "type" || c.Kind == "crd" {
		target = markers.Type
	}
	if len(up.ParseErrors) != len(ours.ParseErrors) {
		diffs = append(diffs, fmt.Sprintf("parse errors: upstream %v, ours %v", up.ParseErrors, ours.ParseErrors))
	} else {
		for i, pe := range up.ParseErrors {
			oe := ours.ParseErrors[i]
			custom := false
			if def := reg.Lookup(c.Markers[pe.Index], target); def != nil {
				custom = def.Custom != nil
			}
			if pe.Index != oe.Index || custom && !strings.Contains(oe.Msg, pe.Msg) {
				diffs = append(diffs, fmt.Sprintf("parse error: upstream %v, ours %v", pe, oe))
			}
		}
	}
	if !slices.Equal(up.Errors, ours.Errors) {
		diffs = append(diffs, fmt.Sprintf("errors:\n  upstream %q\n  ours     %q", up.Errors, ours.Errors))
	}
	if (up.Panic == "") != (ours.Panic == "") {
		diffs = append(diffs, fmt.Sprintf("panic: upstream %q, ours %q", up.Panic, ours.Panic))
	}
	for _, pair := range [][2]any{{up.Schema, ours.Schema}, {up.CRD, ours.CRD}} {
		a, _ := json.Marshal(pair[0])
		b, _ := json.Marshal(pair[1])
		if !bytes.Equal(a, b) {
			diffs = append(diffs, fmt.Sprintf("result:\n  upstream %s\n  ours     %s", a, b))
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%s %q:\n%s", c.Target, c.Markers, strings.Join(diffs, "\n"))
		return false
	}
	return true
}

func runParity(t *testing.T, cases []ruleCase) {
	t.Helper()
	// The cases are changed by running them: upstream gets copies.
	wire, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	var upCases, ourCases []ruleCase
	if err := json.Unmarshal(wire, &upCases); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wire, &ourCases); err != nil {
		t.Fatal(err)
	}
	up := upstreamResults(t, upCases)
	reg, r := newRegistry()
	same, applied := 0, 0
	for i, c := range ourCases {
		ours := ourResult(t, reg, r, c)
		if compareResults(t, reg, cases[i], up[i], ours) {
			same++
		}
		if len(up[i].Errors) == 0 && len(up[i].ParseErrors) == 0 && up[i].Panic == "" {
			applied++
		}
	}
	t.Logf("%d of %d cases the same as upstream (%d without errors upstream)", same, len(cases), applied)
}

func sch(typ string) *apiext.JSONSchemaProps { return &apiext.JSONSchemaProps{Type: typ} }

// startSchemas are the schemas every single marker is tried on.
func startSchemas() map[string]*apiext.JSONSchemaProps {
	ref := "#/definitions/Thing"
	withMin := sch("string")
	one := int64(4)
	withMin.MinLength = &one
	return map[string]*apiext.JSONSchemaProps{
		"string":      sch("string"),
		"integer":     sch("integer"),
		"number":      sch("number"),
		"boolean":     sch("boolean"),
		"object":      sch("object"),
		"empty":       {},
		"ref":         {Ref: &ref},
		"intOrString": {XIntOrString: true},
		"minLength":   withMin,
		"array":       {Type: "array", Items: &apiext.JSONSchemaPropsOrArray{Schema: sch("string")}},
		"arrayOfInt":  {Type: "array", Items: &apiext.JSONSchemaPropsOrArray{Schema: sch("integer")}},
		"arrayOfObj":  {Type: "array", Items: &apiext.JSONSchemaPropsOrArray{Schema: sch("object")}},
		"arrayNoItem": sch("array"),
	}
}

// singleMarkers are tried alone on every starting schema; the type ones
// also as type markers.
var singleMarkers = []string{
	"+kubebuilder:validation:Maximum=10",
	"+kubebuilder:validation:Maximum=10.5",
	"+kubebuilder:validation:Maximum=-3",
	"+kubebuilder:validation:Maximum= 7 ",
	"+kubebuilder:validation:Maximum=abc",
	"+kubebuilder:validation:Maximum",
	"+kubebuilder:validation:Maximum=5 # a comment",
	"+kubebuilder:validation:Minimum=0",
	"+kubebuilder:validation:Minimum=1.5",
	"+kubebuilder:validation:Minimum=-1e3",
	"+k8s:maximum=5 # a comment",
	"+k8s:maximum=5#tight",
	"+k8s:maximum=2.5",
	"+k8s:minimum=-1.5",
	"+k8s:minimum=0 #",
	"+k8s:minimum=x",
	"+kubebuilder:validation:ExclusiveMaximum=true",
	"+kubebuilder:validation:ExclusiveMaximum=false",
	"+kubebuilder:validation:ExclusiveMinimum=true",
	"+kubebuilder:validation:MultipleOf=2",
	"+kubebuilder:validation:MultipleOf=0.5",
	"+kubebuilder:validation:MinProperties=1",
	"+kubebuilder:validation:MaxProperties=3",
	"+kubebuilder:validation:MaxLength=5",
	"+kubebuilder:validation:MinLength=0",
	"+kubebuilder:validation:MinLength=2",
	"+kubebuilder:validation:Pattern=`^[a-z]+$`",
	`+kubebuilder:validation:Pattern="^a,b\\d$"`,
	"+kubebuilder:validation:MaxItems=3",
	"+kubebuilder:validation:MaxItems=3 # not stripped",
	"+kubebuilder:validation:MaxItems=x",
	"+k8s:maxItems=4 # items",
	"+k8s:maxItems=4",
	"+k8s:maxItems=4.5",
	"+kubebuilder:validation:MinItems=1",
	"+kubebuilder:validation:UniqueItems=true",
	"+kubebuilder:validation:Enum=a;b;c",
	"+kubebuilder:validation:Enum={1,2,3}",
	`+kubebuilder:validation:Enum="a";2;true;1.5`,
	`+kubebuilder:validation:Enum={a,"b c",3,false}`,
	`+kubebuilder:validation:Enum="x"`,
	"+kubebuilder:validation:Format=date-time",
	"+kubebuilder:validation:Format=int32",
	"+kubebuilder:validation:Type=string",
	"+kubebuilder:validation:Type=array",
	"+kubebuilder:validation:Type=object",
	"+kubebuilder:validation:XPreserveUnknownFields",
	"+kubebuilder:validation:XEmbeddedResource",
	"+kubebuilder:validation:XIntOrString",
	`+kubebuilder:validation:XValidation:rule="self.a > 0",message="must be positive",messageExpression="'got ' + string(self.a)",reason=FieldValueForbidden,fieldPath=".a",optionalOldSelf=true`,
	`+kubebuilder:validation:XValidation:rule="self == oldSelf"`,
	`+kubebuilder:validation:XValidation:rule="self.size() > 1",message="too small",reason="FieldValueInvalid",optionalOldSelf=false`,
	`+kubebuilder:validation:XValidation:rule="true",reason=FieldValueRequired`,
	`+kubebuilder:validation:XValidation:rule="true",reason=FieldValueDuplicate`,
	`+kubebuilder:validation:XValidation:rule="true",reason=Bogus`,
	"+kubebuilder:default=5",
	"+kubebuilder:default=2.5",
	`+kubebuilder:default="x"`,
	"+kubebuilder:default=bare",
	`+kubebuilder:default={a: 1, b: "x", c: {d: true}}`,
	"+kubebuilder:default={}",
	"+kubebuilder:default={1,2}",
	`+kubebuilder:default={"a","b"}`,
	"+kubebuilder:default=true",
	"+kubebuilder:default=a;b",
	"+default=5",
	`+default="x"`,
	`+default={"a": 1, "b": [true, null]}`,
	"+default=[1,2]",
	"+default={}",
	"+default=ref(DefaultThing)",
	"+default= ref(x)",
	"+default=null",
	"+default=bad",
	"+default",
	"+kubebuilder:example=5",
	`+kubebuilder:example="an example"`,
	`+kubebuilder:example={cpu: "100m", memory: "128Mi"}`,
	"+kubebuilder:example={}",
	"+kubebuilder:example={8080,8443}",
	"+nullable",
	"+k8s:required",
	"+kubebuilder:validation:EmbeddedResource",
	"+k8s:immutable",
	"+kubebuilder:validation:Schemaless",
	"+optional",
	"+required",
	"+k8s:optional",
	"+kubebuilder:validation:Optional",
	"+kubebuilder:validation:Required",
	"+kubebuilder:validation:ExactlyOneOf=a;b",
	"+kubebuilder:validation:AtMostOneOf=a;b;c",
	"+kubebuilder:validation:AtLeastOneOf=x;y",
	"+kubebuilder:validation:AtLeastOneOf=only",
	"+k8s:enum",
	"+kubebuilder:pruning:PreserveUnknownFields",
	`+kubebuilder:title="My Title"`,
	"+kubebuilder:title=Bare title",
	"+kubebuilder:title=5",
	"+kubebuilder:title={a,b}",
	"+kubebuilder:title",
	"+listType=map",
	"+listType=set",
	"+listType=atomic",
	"+listType=bogus",
	"+k8s:listType=set",
	"+listMapKey=name",
	"+k8s:listMapKey=name",
	"+mapType=atomic",
	"+mapType=granular",
	"+mapType=x",
	"+structType=atomic",
	"+structType=granular",
	"+structType=y",
	`+kubebuilder:externalDocs:url="https://example.com/docs",description="the docs"`,
	`+kubebuilder:externalDocs:url="https://example.com"`,
	`+kubebuilder:externalDocs:url="not a url"`,
	"+kubebuilder:validation:items:MaxLength=3",
	"+kubebuilder:validation:items:Pattern=`^x`",
	"+kubebuilder:validation:items:Enum=a;b",
	"+kubebuilder:validation:items:Maximum=5",
	"+kubebuilder:validation:items:Minimum=0.5",
	"+kubebuilder:validation:items:MaxItems=2",
	"+kubebuilder:validation:items:Type=integer",
	"+kubebuilder:validation:items:Format=uuid",
	"+kubebuilder:validation:items:MinProperties=1",
	"+kubebuilder:validation:items:XIntOrString",
	"+kubebuilder:validation:items:XEmbeddedResource",
	"+kubebuilder:validation:items:XPreserveUnknownFields",
	"+kubebuilder:validation:items:UniqueItems=true",
	`+kubebuilder:validation:items:XValidation:rule="self != ''",message="empty"`,
}

// multiMarkers are sets of markers that interact, with their starting
// schema.
var multiMarkers = []struct {
	start   string
	target  string
	markers []string
}{
	{"string", "field", []string{"+kubebuilder:validation:Type=integer", "+kubebuilder:validation:Maximum=5"}},
	{"integer", "field", []string{"+kubebuilder:validation:Maximum=5", "+kubebuilder:validation:Type=string", "+kubebuilder:validation:MaxLength=2"}},
	{"empty", "field", []string{"+kubebuilder:validation:XIntOrString", "+kubebuilder:validation:Pattern=`^\\d+%?$`", "+kubebuilder:validation:MaxLength=4"}},
	{"arrayOfObj", "field", []string{"+listType=map", "+listMapKey=name", "+listMapKey=id", "+k8s:listMapKey=name"}},
	{"arrayOfObj", "field", []string{"+k8s:listType=map", "+k8s:listMapKey=name", "+listMapKey=name"}},
	{"arrayOfObj", "field", []string{"+listMapKey=name"}},
	{"arrayOfObj", "field", []string{"+listType=set", "+listMapKey=name"}},
	{"string", "field", []string{"+kubebuilder:validation:Type=array", "+listType=set"}},
	{"integer", "field", []string{"+kubebuilder:default=1", "+default=2"}},
	{"integer", "field", []string{"+default=2", "+default=3"}},
	{"integer", "field", []string{"+default=ref(X)", "+kubebuilder:default=7"}},
	{"array", "field", []string{"+kubebuilder:default={}", "+kubebuilder:example={}"}},
	{"object", "type", []string{
		`+kubebuilder:validation:XValidation:rule="rule1"`,
		"+kubebuilder:validation:ExactlyOneOf=a;b",
		"+kubebuilder:validation:AtLeastOneOf=c;d",
		`+kubebuilder:validation:XValidation:rule="rule2",message="second"`,
		"+kubebuilder:validation:AtMostOneOf=e;f",
		"+kubebuilder:validation:ExactlyOneOf=g;h;i",
	}},
	{"object", "type", []string{"+kubebuilder:validation:AtMostOneOf=", "+kubebuilder:validation:ExactlyOneOf=a"}},
	{"string", "field", []string{"+k8s:required", "+kubebuilder:validation:MinLength=3"}},
	{"array", "field", []string{"+k8s:required", "+kubebuilder:validation:MinItems=0"}},
	{"object", "field", []string{"+k8s:required", "+kubebuilder:validation:MinProperties=2"}},
	{"string", "field", []string{"+k8s:immutable", `+kubebuilder:validation:XValidation:rule="x"`, "+k8s:required", "+optional"}},
	{"string", "field", []string{"+kubebuilder:validation:Maximum=1", "+kubebuilder:validation:MaxLength=1", "+kubebuilder:validation:Enum=a"}},
	{"integer", "field", []string{"+kubebuilder:validation:Maximum=10", "+k8s:minimum=1", "+kubebuilder:validation:MultipleOf=2", "+kubebuilder:validation:ExclusiveMinimum=true"}},
	{"array", "field", []string{
		"+kubebuilder:validation:items:Type=integer", "+kubebuilder:validation:items:Maximum=5",
		"+kubebuilder:validation:MaxItems=3", "+kubebuilder:validation:items:MaxLength=2",
	}},
	{"object", "field", []string{"+kubebuilder:validation:items:MaxLength=3", "+kubebuilder:validation:MaxProperties=4"}},
	{"array", "type", []string{"+kubebuilder:validation:items:Enum=x;y", "+kubebuilder:validation:UniqueItems=true", "+listType=set"}},
	{"object", "field", []string{"+mapType=atomic", "+structType=granular"}},
	{"string", "field", []string{`+kubebuilder:title="t1"`, "+kubebuilder:title=5", `+kubebuilder:title="t2"`}},
	{"string", "field", []string{"+kubebuilder:validation:Enum=a;b", "+kubebuilder:validation:Enum=c"}},
	{"integer", "field", []string{"+kubebuilder:validation:Maximum=abc", "+kubebuilder:validation:Minimum=1"}},
	{"object", "field", []string{"+kubebuilder:pruning:PreserveUnknownFields", "+kubebuilder:validation:XPreserveUnknownFields", "+kubebuilder:validation:EmbeddedResource", "+nullable"}},
}

// enumSrcs is a package with enum types, in two files.
var enumSrcs = []string{`package p

type Color string

const (
	Red  Color = "red"
	Blue Color = "blue"
	_    Color = "underscore"
	notColor = "x"
	Green = Color("green")
	Cyan, Magenta Color = "cyan", "magenta"
	Quoted Color = "with \"quotes\" and \u00e9"
)

const Black Color = ` + "`black`" + `

type Num int

const One Num = 1

type Empty string

type Alias = string

const AA Alias = "aa"

func f() {
	const inner Color = "inner"
	_ = inner
}
`, `package p

const White Color = "white"

var NotConst Color = "var"
`}

func schemaCases() []ruleCase {
	starts := startSchemas()
	startNames := make([]string, 0, len(starts))
	for n := range starts {
		startNames = append(startNames, n)
	}
	slices.Sort(startNames)
	reg, _ := newRegistry()
	var cases []ruleCase
	for _, m := range singleMarkers {
		for _, target := range []string{"field", "type"} {
			tg := markers.Field
			if target == "type" {
				tg = markers.Type
			}
			if target == "type" && reg.Lookup(m, tg) == nil {
				continue
			}
			for _, sn := range startNames {
				cases = append(cases, ruleCase{Kind: "schema", Target: target, Markers: []string{m}, Schema: starts[sn]})
			}
		}
	}
	for _, mm := range multiMarkers {
		cases = append(cases, ruleCase{Kind: "schema", Target: mm.target, Markers: mm.markers, Schema: starts[mm.start]})
	}
	for _, tn := range []string{"Color", "Num", "Empty", "Alias", "Missing"} {
		for _, sn := range []string{"string", "empty", "integer"} {
			cases = append(cases, ruleCase{
				Kind: "schema", Target: "type", Markers: []string{"+k8s:enum"}, Schema: starts[sn],
				Srcs: enumSrcs, PkgPath: "example.com/p", TypeName: tn,
			})
		}
	}
	cases = append(cases,
		ruleCase{Kind: "schema", Target: "type", Markers: []string{"+k8s:enum", "+kubebuilder:validation:MaxLength=5"}, Schema: starts["empty"], Srcs: enumSrcs, PkgPath: "example.com/p", TypeName: "Color"},
		ruleCase{Kind: "schema", Target: "type", Markers: []string{"+k8s:enum"}, Schema: starts["string"], Srcs: []string{enumSrcs[1], enumSrcs[0]}, PkgPath: "example.com/p", TypeName: "Color"},
		ruleCase{Kind: "schema", Target: "field", Markers: []string{"+k8s:enum"}, Schema: starts["string"], Srcs: enumSrcs, PkgPath: "example.com/p", TypeName: "Color"},
	)
	return cases
}

func TestRulesSchemaParity(t *testing.T) {
	runParity(t, schemaCases())
}

func baseCRD() *apiext.CustomResourceDefinition {
	version := func(name string) apiext.CustomResourceDefinitionVersion {
		return apiext.CustomResourceDefinitionVersion{
			Name: name, Served: true,
			Schema: &apiext.CustomResourceValidation{OpenAPIV3Schema: sch("object")},
		}
	}
	crd := &apiext.CustomResourceDefinition{
		Spec: apiext.CustomResourceDefinitionSpec{
			Group: "example.com",
			Names: apiext.CustomResourceDefinitionNames{Kind: "Widget", ListKind: "WidgetList", Plural: "widgets", Singular: "widget"},
			Scope: apiext.NamespaceScoped,
			// v1 first: the versions are sorted only later.
			Versions: []apiext.CustomResourceDefinitionVersion{version("v1"), version("v1beta1")},
		},
	}
	crd.APIVersion = "apiextensions.k8s.io/v1"
	crd.Kind = "CustomResourceDefinition"
	crd.Name = "widgets.example.com"
	return crd
}

var crdMarkerSets = [][]string{
	{"+kubebuilder:subresource:status"},
	{"+kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas"},
	{"+kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector"},
	{"+kubebuilder:subresource:status", "+kubebuilder:subresource:scale:specpath=.spec.r,statuspath=.status.r"},
	{"+kubebuilder:printcolumn:name=Age,type=date,JSONPath=`.metadata.creationTimestamp`"},
	{
		`+kubebuilder:printcolumn:name="Phase",type=string,JSONPath=".status.phase",description="the phase",format=byte,priority=1`,
		"+kubebuilder:printcolumn:name=Age,type=date,JSONPath=`.metadata.creationTimestamp`",
	},
	{"+kubebuilder:resource:path=gizmos,shortName=gz;gzm,categories=all;things,singular=gizmo,scope=Cluster"},
	{"+kubebuilder:resource:scope=Namespaced"},
	{"+kubebuilder:resource:shortName=w"},
	{"+kubebuilder:resource"},
	{"+kubebuilder:resource:path=a", "+kubebuilder:resource:singular=b"},
	{"+kubebuilder:storageversion"},
	{"+kubebuilder:skipversion"},
	{"+kubebuilder:unservedversion"},
	{"+kubebuilder:deprecatedversion"},
	{`+kubebuilder:deprecatedversion:warning="use v2"`},
	{`+kubebuilder:metadata:annotations="api-approved.kubernetes.io=https://example.com/pull/1";"b=c=d",labels="app=widget"`},
	{`+kubebuilder:metadata:labels="a=b";"c=",annotations="x=y"`},
	{`+kubebuilder:metadata:annotations="bad"`},
	{`+kubebuilder:metadata:annotations="a=1"`, `+kubebuilder:metadata:annotations="a=2"`},
	{"+kubebuilder:selectablefield:JSONPath=`.spec.color`"},
	{"+kubebuilder:selectablefield:JSONPath=.spec.a", "+kubebuilder:selectablefield:JSONPath=.spec.b"},
	{"+kubebuilder:skipversion", "+kubebuilder:printcolumn:name=A,type=string,JSONPath=.a", "+kubebuilder:storageversion"},
	{"+kubebuilder:skipversion", "+kubebuilder:subresource:status"},
	{"+kubebuilder:storageversion", "+kubebuilder:deprecatedversion:warning=old", "+kubebuilder:unservedversion", "+kubebuilder:subresource:status", "+kubebuilder:selectablefield:JSONPath=.x"},
	{`+kubebuilder:externalDocs:url="https://example.com"`, "+kubebuilder:validation:MaxProperties=3"},
}

func TestRulesCRDParity(t *testing.T) {
	var cases []ruleCase
	for _, ms := range crdMarkerSets {
		for _, v := range []string{"v1", "v1beta1", "v2", ""} {
			cases = append(cases, ruleCase{Kind: "crd", Target: "type", Markers: ms, CRD: baseCRD(), Version: v})
		}
	}
	runParity(t, cases)
}

var kindNames = map[markers.Kind]string{
	markers.Invalid: "invalid", markers.Int: "int", markers.Number: "number", markers.String: "string",
	markers.Bool: "bool", markers.Any: "any", markers.Slice: "slice", markers.Map: "map", markers.Raw: "raw",
}

func dumpOurArg(a markers.Arg) argDump {
	d := argDump{Kind: kindNames[a.Kind], Optional: a.Optional}
	if a.Item != nil {
		item := dumpOurArg(*a.Item)
		d.Item = &item
	}
	return d
}

func dumpOurDef(d *markers.Def, r *rules) defDump {
	dd := defDump{Name: d.Name, Target: d.Target.String(), Args: map[string]argDump{}}
	for n, a := range d.Args {
		dd.Args[n] = dumpOurArg(a)
	}
	if sr, ok := r.schema[d]; ok {
		dd.Schema, dd.Priority = true, sr.priority
	}
	if _, ok := r.crd[d]; ok {
		dd.CRD = true
	}
	return dd
}

// TestRegistryMatchesUpstream checks that newRegistry has exactly
// controller-gen's definitions, with their arguments, and rules where
// controller-gen's have an effect, with the same priorities.
func TestRegistryMatchesUpstream(t *testing.T) {
	up := upstreamResults(t, []ruleCase{{Kind: "defs"}})[0].Defs
	reg, r := newRegistry()
	var ours []defDump
	for _, d := range reg.All() {
		ours = append(ours, dumpOurDef(d, r))
	}
	key := func(d defDump) [2]string { return [2]string{d.Name, d.Target} }
	upByKey, ourByKey := map[[2]string]defDump{}, map[[2]string]defDump{}
	for _, d := range up {
		upByKey[key(d)] = d
	}
	for _, d := range ours {
		ourByKey[key(d)] = d
	}
	for k, u := range upByKey {
		o, ok := ourByKey[k]
		if !ok {
			t.Errorf("missing definition %s (%s)", k[0], k[1])
			continue
		}
		ub, _ := json.Marshal(u)
		ob, _ := json.Marshal(o)
		if !bytes.Equal(ub, ob) {
			t.Errorf("definition %s (%s):\n  upstream %s\n  ours     %s", k[0], k[1], ub, ob)
		}
	}
	for k := range ourByKey {
		if _, ok := upByKey[k]; !ok {
			t.Errorf("extra definition %s (%s)", k[0], k[1])
		}
	}
	t.Logf("%d definitions upstream, %d ours", len(up), len(ours))

	// Every rule is for a definition in the registry, which finds it by
	// its name.
	var ruled []*markers.Def
	for d := range r.schema {
		ruled = append(ruled, d)
	}
	for d := range r.crd {
		ruled = append(ruled, d)
	}
	for _, d := range ruled {
		if got := reg.Lookup("+"+d.Name, d.Target); got != d {
			t.Errorf("+%s (%s): the registry finds %v, not the definition of the rule", d.Name, d.Target, got)
		}
	}
	// And the table has no definition that the registry replaced.
	if n := len(markerTable().defs); n != len(ours) {
		t.Errorf("the table has %d definitions, the registry %d", n, len(ours))
	}
}

// TestMarkerDefCustomParsers checks the definitions that parse their own
// values.
func TestMarkerDefCustomParsers(t *testing.T) {
	reg, _ := newRegistry()
	for _, c := range []struct {
		text   string
		target markers.Target
		want   any
		err    string
	}{
		{"+kubebuilder:validation:Maximum=5", markers.Field, 5.0, ""},
		{"+kubebuilder:validation:Maximum= -2.5 ", markers.Type, -2.5, ""},
		{"+kubebuilder:validation:Maximum=5 # c", markers.Field, nil, "invalid maximum value"},
		{"+k8s:maximum=5 # c", markers.Field, 5.0, ""},
		{"+k8s:minimum=1#c", markers.Field, 1.0, ""},
		{"+kubebuilder:validation:items:Minimum=x", markers.Field, nil, "invalid minimum value"},
		{"+k8s:maxItems=7 # c", markers.Field, 7, ""},
		{"+kubebuilder:validation:MaxItems=7.5", markers.Field, nil, "invalid maxItems value"},
		{`+default={"b": [1, "x"]}`, markers.Field, map[string]any{"b": []any{1.0, "x"}}, ""},
		{"+default=ref(Foo)", markers.Field, nil, ""},
		{"+default=nope", markers.Field, nil, "invalid character"},
	} {
		def := reg.Lookup(c.text, c.target)
		if def == nil || def.Custom == nil {
			t.Errorf("%s: no custom definition", c.text)
			continue
		}
		written, value, _ := strings.Cut(c.text, "=")
		got, err := def.Custom(written, value)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.text, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.text, err)
		default:
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(c.want)
			if !bytes.Equal(gb, wb) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", c.want) {
				t.Errorf("%s: %T %s, want %T %s", c.text, got, gb, c.want, wb)
			}
		}
	}
}
