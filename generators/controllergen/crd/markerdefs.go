package crd

// The marker table.
//
// newRegistry lists every marker definition controller-gen's crd generator
// knows (controller-tools v0.23.0, pkg/crd/markers), with the same names,
// targets and arguments, and says in a rules value what each one does:
// rules.schema for the markers that change the schema of the node they
// stand on (or of its items), rules.crd for the type markers that change
// the CRD of a kind. A definition in neither map is only a flag or a
// setting that other code reads by name (see the marker* constants
// below): +optional, +kubebuilder:validation:Schemaless, +groupName and
// the like.
//
// No two definitions share a name and a target, so the order of the
// table does not matter. The validation markers come four times: as field
// and as type markers, and with "items:" in their name (again for fields
// and types) to act on the items of an array; all four share one rule.
//
// Where order matters. Controller-gen collects a node's markers in a Go
// map by name and sorts them stably by priority only, so markers of equal
// priority run in map order, which varies from run to run; the caller
// runs ours by priority, then by name, and a name's values in source
// order. Among the schema markers that makes a difference only when two
// markers of one priority touch the same part of a schema:
//
//   - "k8s:enum" and "kubebuilder:validation:Enum" both set the enum
//     (the latter wins here);
//   - "k8s:maximum" and "kubebuilder:validation:Maximum" (likewise
//     minimum, maxItems) set the same bound;
//   - "k8s:immutable" and "kubebuilder:validation:XValidation" (priority
//     10) both append to x-kubernetes-validations, so their order in the
//     list follows the names ("k8s:immutable" first);
//   - "k8s:enum" sets the type to string at priority 10, the same as the
//     markers that check the type (maxLength, pattern, …);
//   - "kubebuilder:validation:Type" and "listType"/"k8s:listType"
//     (priority 9): listType checks the type that Type may set.
//
// Among the CRD markers (type markers, by controller-gen in map order
// too), "kubebuilder:skipversion" removes the version: the markers whose
// names sort before it (deprecatedversion, printcolumn, selectablefield,
// …) are applied to the version and dropped with it, those after it
// (storageversion, subresource:…, unservedversion) find no version, and
// the subresource ones then fail. In controller-gen which of them fail
// varies from run to run.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
)

// Names of markers that the schema, spec and package code read by name.
const (
	// itemsPrefix starts the name of the copies of the validation markers
	// that act on the items of an array rather than on the array.
	itemsPrefix = validationPrefix + "items:"

	// The type markers that require a number of the listed fields set.
	markerExactlyOneOf = validationPrefix + "ExactlyOneOf"
	markerAtMostOneOf  = validationPrefix + "AtMostOneOf"
	markerAtLeastOneOf = validationPrefix + "AtLeastOneOf"

	// markerSchemaless on a field: the field's schema is left empty.
	markerSchemaless = validationPrefix + "Schemaless"

	// markerOptional and markerRequired: on a package, whether its fields
	// are optional or required by default; on a field, that field's
	// (the older spelling of markerFieldOptional and markerFieldRequired).
	markerOptional = validationPrefix + "Optional"
	markerRequired = validationPrefix + "Required"

	// A field's optionality, as the Kubernetes API types write it.
	markerFieldOptional = "optional"
	markerFieldRequired = "required"
	markerK8sOptional   = "k8s:optional"
	markerK8sRequired   = "k8s:required"

	// markerImmutable on a field: its value may not change once set.
	markerImmutable = "k8s:immutable"

	// markerK8sEnum on a string type: its values are the type's constants
	// (on a field it is an error).
	markerK8sEnum = "k8s:enum"

	// Package markers: the API group, the version (instead of the
	// package's name), and "not an API package".
	markerGroupName   = "groupName"
	markerVersionName = "versionName"
	markerSkip        = "kubebuilder:skip"
)

const validationPrefix = "kubebuilder:validation:"

// Priorities besides the default, as controller-gen gives them.
const (
	priorityEarly        = priorityDefault - 1 // Type, XIntOrString, listType: others check what they set
	priorityK8sDefault   = 9                   // +default, so that +kubebuilder:default overrides it
	priorityKBDefault    = 10                  // +kubebuilder:default
	priorityAtMostOneOf  = priorityDefault + 1 // the oneOf rules follow XValidation's, in a fixed order
	priorityExactlyOneOf = priorityDefault + 2
	priorityAtLeastOneOf = priorityDefault + 3
)

type applyFunc = func(c *ruleContext, value any, s *apiext.JSONSchemaProps) error

// table collects the definitions and their rules while newRegistry builds
// them.
type table struct {
	defs  []*markers.Def
	rules *rules
}

func (t *table) def(name string, target markers.Target, args map[string]markers.Arg) *markers.Def {
	d := &markers.Def{Name: name, Target: target, Args: args}
	t.defs = append(t.defs, d)
	return d
}

func (t *table) schemaDef(name string, target markers.Target, args map[string]markers.Arg, priority int, apply applyFunc) *markers.Def {
	d := t.def(name, target, args)
	t.rules.schema[d] = schemaRule{priority: priority, apply: apply}
	return d
}

func (t *table) crdDef(name string, args map[string]markers.Arg, apply func(value any, crd *apiext.CustomResourceDefinition, version string) error) {
	d := t.def(name, markers.Type, args)
	t.rules.crd[d] = crdRule{apply: apply}
}

// Argument shapes.
var (
	argInt    = markers.Arg{Kind: markers.Int}
	argNumber = markers.Arg{Kind: markers.Number}
	argString = markers.Arg{Kind: markers.String}
	argBool   = markers.Arg{Kind: markers.Bool}
	argAny    = markers.Arg{Kind: markers.Any}
	optString = markers.Arg{Kind: markers.String, Optional: true}
	optBool   = markers.Arg{Kind: markers.Bool, Optional: true}
	optInt    = markers.Arg{Kind: markers.Int, Optional: true}
	optList   = markers.Arg{Kind: markers.Slice, Optional: true, Item: &markers.Arg{Kind: markers.String}}
)

// unnamed is the argument list of a "+name=value" marker.
func unnamed(a markers.Arg) map[string]markers.Arg { return map[string]markers.Arg{"": a} }

// noArgs is the argument list of a flag marker.
func noArgs() map[string]markers.Arg { return map[string]markers.Arg{} }

// validationMarker is one of the markers that exist for fields and types,
// and for the items of either.
type validationMarker struct {
	name     string // after validationPrefix
	args     map[string]markers.Arg
	custom   func(written, value string) (any, error)
	priority int
	apply    applyFunc
}

func validationMarkers() []validationMarker {
	plain := func(name string, args map[string]markers.Arg, apply applyFunc) validationMarker {
		return validationMarker{name: name, args: args, priority: priorityDefault, apply: apply}
	}
	return []validationMarker{
		// numbers
		{name: "Maximum", args: unnamed(argNumber), custom: parseBound("maximum"), priority: priorityDefault, apply: applyMaximum},
		{name: "Minimum", args: unnamed(argNumber), custom: parseBound("minimum"), priority: priorityDefault, apply: applyMinimum},
		plain("ExclusiveMaximum", unnamed(argBool), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if !numeric(s) {
				return fmt.Errorf("must apply exclusivemaximum to a numeric value, found %s", s.Type)
			}
			s.ExclusiveMaximum = asBool(v)
			return nil
		}),
		plain("ExclusiveMinimum", unnamed(argBool), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if !numeric(s) {
				return fmt.Errorf("must apply exclusiveminimum to a numeric value, found %s", s.Type)
			}
			s.ExclusiveMinimum = asBool(v)
			return nil
		}),
		plain("MultipleOf", unnamed(argNumber), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			n, err := numericBound("multipleof", v, s)
			if err != nil {
				return err
			}
			s.MultipleOf = &n
			return nil
		}),

		// objects
		plain("MinProperties", unnamed(argInt), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if s.Type != "object" {
				return fmt.Errorf("must apply minproperties to an object")
			}
			s.MinProperties = asInt64(v)
			return nil
		}),
		plain("MaxProperties", unnamed(argInt), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if s.Type != "object" {
				return fmt.Errorf("must apply maxproperties to an object")
			}
			s.MaxProperties = asInt64(v)
			return nil
		}),

		// strings
		plain("MaxLength", unnamed(argInt), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if !textual(s) {
				return fmt.Errorf("must apply maxlength to a textual value, found type %q", s.Type)
			}
			s.MaxLength = asInt64(v)
			return nil
		}),
		plain("MinLength", unnamed(argInt), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if !textual(s) {
				return fmt.Errorf("must apply minlength to a textual value, found type %q", s.Type)
			}
			s.MinLength = asInt64(v)
			return nil
		}),
		plain("Pattern", unnamed(argString), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if !textual(s) {
				return fmt.Errorf("must apply pattern to a textual value, found type %q", s.Type)
			}
			s.Pattern = asString(v)
			return nil
		}),

		// arrays
		{name: "MaxItems", args: unnamed(argInt), custom: parseMaxItems, priority: priorityDefault, apply: applyMaxItems},
		plain("MinItems", unnamed(argInt), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if s.Type != "array" {
				return fmt.Errorf("must apply minitems to an array")
			}
			s.MinItems = asInt64(v)
			return nil
		}),
		plain("UniqueItems", unnamed(argBool), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			if s.Type != "array" {
				return fmt.Errorf("must apply uniqueitems to an array")
			}
			s.UniqueItems = asBool(v)
			return nil
		}),

		// any schema
		plain("Enum", unnamed(markers.Arg{Kind: markers.Slice, Item: &argAny}), applyEnum),
		plain("Format", unnamed(argString), func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			s.Format = asString(v)
			return nil
		}),
		{name: "Type", args: unnamed(argString), priority: priorityEarly, apply: func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
			s.Type = asString(v)
			return nil
		}},
		plain("XPreserveUnknownFields", noArgs(), applyPreserveUnknownFields),
		plain("XEmbeddedResource", noArgs(), applyEmbeddedResource),
		{name: "XIntOrString", args: noArgs(), priority: priorityEarly, apply: func(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
			s.XIntOrString = true
			return nil
		}},
		plain("XValidation", map[string]markers.Arg{
			"rule":              argString,
			"message":           optString,
			"messageExpression": optString,
			"reason":            optString,
			"fieldPath":         optString,
			"optionalOldSelf":   optBool,
		}, applyXValidation),
	}
}

// newRegistry returns the crd generator's marker definitions and what
// they do.
func newRegistry() (*markers.Registry, *rules) {
	t := markerTable()
	reg := &markers.Registry{}
	reg.Add(t.defs...)
	return reg, t.rules
}

// markerTable lists the definitions in controller-gen's order of
// registration.
func markerTable() *table {
	t := &table{rules: &rules{schema: map[*markers.Def]schemaRule{}, crd: map[*markers.Def]crdRule{}}}
	const (
		pkg   = markers.Package
		typ   = markers.Type
		field = markers.Field
	)

	// Package markers.
	t.def(markerGroupName, pkg, map[string]markers.Arg{"": {Kind: markers.String, Optional: true}})
	t.def(markerVersionName, pkg, unnamed(argString))
	t.def(markerOptional, pkg, noArgs())
	t.def(markerRequired, pkg, noArgs())
	t.def(markerSkip, pkg, noArgs())

	// Topology.
	for _, m := range []struct {
		name  string
		prio  int
		apply applyFunc
	}{
		{"listMapKey", priorityDefault, applyListMapKey},
		{"listType", priorityEarly, applyListType},
		{"mapType", priorityDefault, applyMapType},
		{"structType", priorityDefault, applyStructType},
		{"k8s:listType", priorityEarly, applyListType},
		{"k8s:listMapKey", priorityDefault, applyListMapKey},
	} {
		t.schemaDef(m.name, field, unnamed(argString), m.prio, m.apply)
		t.schemaDef(m.name, typ, unnamed(argString), m.prio, m.apply)
	}

	// The validation markers, for fields, then for types and for the
	// items of fields and types.
	vms := validationMarkers()
	for _, m := range vms {
		t.schemaDef(validationPrefix+m.name, field, m.args, m.priority, m.apply).Custom = m.custom
	}
	for _, m := range vms {
		t.schemaDef(validationPrefix+m.name, typ, m.args, m.priority, m.apply).Custom = m.custom
		t.schemaDef(itemsPrefix+m.name, field, m.args, m.priority, m.apply).Custom = m.custom
		t.schemaDef(itemsPrefix+m.name, typ, m.args, m.priority, m.apply).Custom = m.custom
	}

	// Field-only markers.
	t.def(markerRequired, field, noArgs())
	t.def(markerOptional, field, noArgs())
	t.def(markerFieldRequired, field, noArgs())
	t.def(markerFieldOptional, field, noArgs())
	t.schemaDef(markerK8sRequired, field, noArgs(), priorityDefault, applyK8sRequired)
	t.def(markerK8sOptional, field, noArgs())
	t.schemaDef("nullable", field, noArgs(), priorityDefault, func(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
		s.Nullable = true
		return nil
	})
	t.schemaDef("kubebuilder:default", field, unnamed(argAny), priorityKBDefault, applyKubebuilderDefault)
	t.schemaDef("default", field, map[string]markers.Arg{"value": argAny}, priorityK8sDefault, applyK8sDefault).Custom = parseK8sDefault
	t.schemaDef("kubebuilder:example", field, unnamed(argAny), priorityDefault, applyExample)
	t.schemaDef(validationPrefix+"EmbeddedResource", field, noArgs(), priorityDefault, applyEmbeddedResource)
	t.def(markerSchemaless, field, noArgs())
	t.schemaDef(markerImmutable, field, noArgs(), priorityDefault, applyImmutable)
	t.schemaDef("k8s:maxItems", field, unnamed(argInt), priorityDefault, applyMaxItems).Custom = parseMaxItems
	t.schemaDef("k8s:minimum", field, unnamed(argNumber), priorityDefault, applyMinimum).Custom = parseBound("minimum")
	t.schemaDef("k8s:maximum", field, unnamed(argNumber), priorityDefault, applyMaximum).Custom = parseBound("maximum")

	// Type-only markers (and k8s:enum on a field, which is an error).
	fieldList := unnamed(markers.Arg{Kind: markers.Slice, Item: &argString})
	t.schemaDef(markerAtMostOneOf, typ, fieldList, priorityAtMostOneOf, oneOfRule("%s <= 1", "at most one of the fields in %v may be set", sumOfSet))
	t.schemaDef(markerExactlyOneOf, typ, fieldList, priorityExactlyOneOf, oneOfRule("%s == 1", "exactly one of the fields in %v must be set", sumOfSet))
	t.schemaDef(markerAtLeastOneOf, typ, fieldList, priorityAtLeastOneOf, oneOfRule("%s", "at least one of the fields in %v must be set", anySet))
	t.schemaDef(markerK8sEnum, typ, noArgs(), priorityDefault, applyK8sEnum)
	t.schemaDef(markerK8sEnum, field, noArgs(), priorityDefault, func(*ruleContext, any, *apiext.JSONSchemaProps) error {
		return fmt.Errorf("k8s:enum must be set on a type, not a field")
	})

	// Other schema markers for fields and types.
	t.schemaDef("kubebuilder:pruning:PreserveUnknownFields", field, noArgs(), priorityDefault, applyPreserveUnknownFields)
	t.schemaDef("kubebuilder:pruning:PreserveUnknownFields", typ, noArgs(), priorityDefault, applyPreserveUnknownFields)
	t.schemaDef("kubebuilder:title", field, unnamed(argAny), priorityDefault, applyTitle)
	t.schemaDef("kubebuilder:title", typ, unnamed(argAny), priorityDefault, applyTitle)

	// CRD markers.
	t.crdDef("kubebuilder:subresource:status", noArgs(), applySubresourceStatus)
	t.crdDef("kubebuilder:subresource:scale", map[string]markers.Arg{
		"specpath":     argString,
		"statuspath":   argString,
		"selectorpath": optString,
	}, applySubresourceScale)
	t.crdDef("kubebuilder:printcolumn", map[string]markers.Arg{
		"name":        argString,
		"type":        argString,
		"JSONPath":    argString,
		"description": optString,
		"format":      optString,
		"priority":    optInt,
	}, applyPrintColumn)
	t.crdDef("kubebuilder:resource", map[string]markers.Arg{
		"path":       optString,
		"shortName":  optList,
		"categories": optList,
		"singular":   optString,
		"scope":      optString,
	}, applyResource)
	t.crdDef("kubebuilder:storageversion", noArgs(), applyStorageVersion)
	t.crdDef("kubebuilder:skipversion", noArgs(), applySkipVersion)
	t.crdDef("kubebuilder:unservedversion", noArgs(), applyUnservedVersion)
	t.crdDef("kubebuilder:deprecatedversion", map[string]markers.Arg{"warning": optString}, applyDeprecatedVersion)
	t.crdDef("kubebuilder:metadata", map[string]markers.Arg{"annotations": optList, "labels": optList}, applyMetadata)
	t.crdDef("kubebuilder:selectablefield", map[string]markers.Arg{"JSONPath": argString}, applySelectableField)
	docArgs := func() map[string]markers.Arg {
		return map[string]markers.Arg{"url": argString, "description": optString}
	}
	t.schemaDef("kubebuilder:externalDocs", field, docArgs(), priorityDefault, applyExternalDocs)
	t.schemaDef("kubebuilder:externalDocs", typ, docArgs(), priorityDefault, applyExternalDocs)

	return t
}

// ---- Values.
//
// The grammar gives Int as int, Number as float64 and so on; a value left
// out (a "+name" of a "+name=value" definition) may come as nil, which
// means the zero value, as controller-gen's parser leaves it.

func asFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

func asInt64(v any) *int64 {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case float64:
		n = int64(x)
	}
	return &n
}

func asBool(v any) bool { b, _ := v.(bool); return b }

func asString(v any) string { s, _ := v.(string); return s }

// asStrings is a list of strings; nil if there is none.
func asStrings(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, len(list))
	for i, x := range list {
		if s, ok := x.(string); ok {
			out[i] = s
		} else {
			out[i] = fmt.Sprint(x)
		}
	}
	return out
}

// argsOf is the arguments given to a marker with named arguments.
func argsOf(v any) markers.Args {
	a, _ := v.(markers.Args)
	return a
}

// guessedTypeName is the Go type controller-gen gives a value it parsed
// without knowing its type: a list has the type of its first item ("{a,b}"
// is a []string), where we have []any.
func guessedTypeName(v any) string {
	if list, ok := v.([]any); ok && len(list) > 0 {
		return "[]" + guessedTypeName(list[0])
	}
	return fmt.Sprintf("%T", v)
}

// ---- Custom parsers.

// stripK8sComment drops a "# comment" from the value of a "k8s:" marker,
// as Kubernetes' own tag parser does, and trims the value.
func stripK8sComment(written, value string) string {
	if strings.HasPrefix(strings.TrimPrefix(written, "+"), "k8s:") {
		if i := strings.IndexByte(value, '#'); i >= 0 {
			value = value[:i]
		}
	}
	return strings.TrimSpace(value)
}

// parseBound parses the number of a maximum or minimum marker.
func parseBound(what string) func(written, value string) (any, error) {
	return func(written, value string) (any, error) {
		f, err := strconv.ParseFloat(stripK8sComment(written, value), 64)
		if err != nil {
			return float64(0), fmt.Errorf("invalid %s value: %w", what, err)
		}
		return f, nil
	}
}

func parseMaxItems(written, value string) (any, error) {
	n, err := strconv.Atoi(stripK8sComment(written, value))
	if err != nil {
		return 0, fmt.Errorf("invalid maxItems value: %w", err)
	}
	return n, nil
}

// parseK8sDefault reads the JSON value of a "+default=" marker; a
// "ref(…)" value (a reference to a Go constant) is not evaluated and
// gives nil, like JSON null: no default.
func parseK8sDefault(_, value string) (any, error) {
	if strings.HasPrefix(strings.TrimSpace(value), "ref(") {
		return nil, nil
	}
	var v any
	err := json.Unmarshal([]byte(value), &v)
	return v, err
}

// ---- Schema rules.

func numeric(s *apiext.JSONSchemaProps) bool { return s.Type == "integer" || s.Type == "number" }

func textual(s *apiext.JSONSchemaProps) bool { return s.Type == "string" || s.XIntOrString }

func integral(f float64) bool {
	return f == math.Trunc(f) && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// numericBound checks a maximum, minimum or multipleOf against the schema.
func numericBound(what string, v any, s *apiext.JSONSchemaProps) (float64, error) {
	if !numeric(s) {
		return 0, fmt.Errorf("must apply %s to a numeric value, found %s", what, s.Type)
	}
	n := asFloat(v)
	if s.Type == "integer" && !integral(n) {
		return 0, fmt.Errorf("cannot apply non-integral %s validation (%v) to integer value", what, n)
	}
	return n, nil
}

func applyMaximum(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	n, err := numericBound("maximum", v, s)
	if err != nil {
		return err
	}
	s.Maximum = &n
	return nil
}

func applyMinimum(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	n, err := numericBound("minimum", v, s)
	if err != nil {
		return err
	}
	s.Minimum = &n
	return nil
}

func applyMaxItems(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if s.Type != "array" {
		return fmt.Errorf("must apply maxitem to an array")
	}
	s.MaxItems = asInt64(v)
	return nil
}

func applyEnum(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	list, _ := v.([]any)
	vals := make([]apiext.JSON, len(list))
	for i, x := range list {
		raw, err := json.Marshal(x)
		if err != nil {
			return err
		}
		vals[i] = apiext.JSON{Raw: raw}
	}
	s.Enum = vals
	return nil
}

func applyPreserveUnknownFields(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
	yes := true
	s.XPreserveUnknownFields = &yes
	return nil
}

func applyEmbeddedResource(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
	s.XEmbeddedResource = true
	return nil
}

// validReasons are the reasons an XValidation rule may give, in the order
// the error lists them.
var validReasons = []apiext.FieldValueErrorReason{
	apiext.FieldValueRequired, apiext.FieldValueInvalid, apiext.FieldValueForbidden, apiext.FieldValueDuplicate,
}

func applyXValidation(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	a := argsOf(v)
	rule := apiext.ValidationRule{
		Rule:              asString(a["rule"]),
		Message:           asString(a["message"]),
		MessageExpression: asString(a["messageExpression"]),
		FieldPath:         asString(a["fieldPath"]),
	}
	if r := asString(a["reason"]); r != "" {
		if !slices.Contains(validReasons, apiext.FieldValueErrorReason(r)) {
			return fmt.Errorf("invalid reason %s, valid values are %s, %s, %s and %s", r,
				validReasons[0], validReasons[1], validReasons[2], validReasons[3])
		}
		reason := apiext.FieldValueErrorReason(r)
		rule.Reason = &reason
	}
	if b, ok := a["optionalOldSelf"].(bool); ok {
		rule.OptionalOldSelf = &b
	}
	s.XValidations = append(s.XValidations, rule)
	return nil
}

// sumOfSet is a CEL expression counting the fields that are set.
func sumOfSet(fields []string) string {
	terms := make([]string, len(fields))
	for i, f := range fields {
		terms[i] = "(has(self." + f + ")?1:0)"
	}
	return strings.Join(terms, "+")
}

// anySet is a CEL expression true if one of the fields is set.
func anySet(fields []string) string {
	terms := make([]string, len(fields))
	for i, f := range fields {
		terms[i] = "has(self." + f + ")"
	}
	return strings.Join(terms, "||")
}

// oneOfRule adds a validation rule on how many of the listed fields may
// be set; an empty list adds nothing.
func oneOfRule(ruleFormat, messageFormat string, expr func([]string) string) applyFunc {
	return func(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
		fields := asStrings(v)
		if len(fields) == 0 {
			return nil
		}
		s.XValidations = append(s.XValidations, apiext.ValidationRule{
			Rule:    fmt.Sprintf(ruleFormat, expr(fields)),
			Message: fmt.Sprintf(messageFormat, fields),
		})
		return nil
	}
}

// applyK8sRequired makes an empty value invalid: a string needs a
// character, a list an item, an object (or a reference to a type) a
// property, unless the schema already says how many.
func applyK8sRequired(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
	one := func() *int64 { n := int64(1); return &n }
	switch s.Type {
	case "string":
		if s.MinLength == nil {
			s.MinLength = one()
		}
	case "array":
		if s.MinItems == nil {
			s.MinItems = one()
		}
	case "object":
		if s.MinProperties == nil {
			s.MinProperties = one()
		}
	default:
		if s.Ref != nil && s.MinProperties == nil {
			s.MinProperties = one()
		}
	}
	return nil
}

// applyKubebuilderDefault sets the default; "{}" on an array means the
// empty list.
func applyKubebuilderDefault(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if s.Type == "array" && string(raw) == "{}" {
		raw = []byte("[]")
	}
	s.Default = &apiext.JSON{Raw: raw}
	return nil
}

// applyK8sDefault sets the default of a "+default=" marker, if it has one.
func applyK8sDefault(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.Default = &apiext.JSON{Raw: raw}
	return nil
}

func applyExample(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.Example = &apiext.JSON{Raw: raw}
	return nil
}

func applyTitle(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if v == nil {
		return nil
	}
	title, ok := v.(string)
	if !ok {
		return fmt.Errorf("expected string, got %s", guessedTypeName(v))
	}
	s.Title = title
	return nil
}

func applyImmutable(_ *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
	s.XValidations = append(s.XValidations, apiext.ValidationRule{Rule: "self == oldSelf", Message: "field is immutable"})
	return nil
}

func applyExternalDocs(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	a := argsOf(v)
	u := asString(a["url"])
	if _, err := url.ParseRequestURI(u); err != nil {
		return fmt.Errorf("invalid url %q in kubebuilder:externalDocs marker: %w", u, err)
	}
	s.ExternalDocs = &apiext.ExternalDocumentation{URL: u, Description: asString(a["description"])}
	return nil
}

func applyListType(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if s.Type != "array" {
		return fmt.Errorf("must apply listType to an array, found %s", s.Type)
	}
	lt := asString(v)
	if lt != "map" && lt != "atomic" && lt != "set" {
		return fmt.Errorf(`ListType must be either "map", "set" or "atomic"`)
	}
	s.XListType = &lt
	return nil
}

// applyListMapKey adds a key of a map list, once.
func applyListMapKey(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if s.Type != "array" {
		return fmt.Errorf("must apply listMapKey to an array, found %s", s.Type)
	}
	if s.XListType == nil || *s.XListType != "map" {
		return fmt.Errorf("must apply listMapKey to an associative-list")
	}
	if key := asString(v); !slices.Contains(s.XListMapKeys, key) {
		s.XListMapKeys = append(s.XListMapKeys, key)
	}
	return nil
}

func applyMapType(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if s.Type != "object" {
		return fmt.Errorf("must apply mapType to an object")
	}
	mt := asString(v)
	if mt != "atomic" && mt != "granular" {
		return fmt.Errorf(`MapType must be either "granular" or "atomic"`)
	}
	s.XMapType = &mt
	return nil
}

// applyStructType sets x-kubernetes-map-type, as controller-gen does for
// structs too.
func applyStructType(_ *ruleContext, v any, s *apiext.JSONSchemaProps) error {
	if s.Type != "object" && s.Type != "" {
		return fmt.Errorf("must apply structType to an object; either explicitly set or defaulted through an empty schema type")
	}
	st := asString(v)
	if st != "atomic" && st != "granular" {
		return fmt.Errorf(`StructType must be either "granular" or "atomic"`)
	}
	s.XMapType = &st
	return nil
}

// applyK8sEnum makes a string type an enum of the string constants of
// that type declared (with a literal value) at the top of the package's
// files, sorted by their JSON.
func applyK8sEnum(c *ruleContext, _ any, s *apiext.JSONSchemaProps) error {
	if c == nil || c.Types == nil || c.TypeName == "" {
		return fmt.Errorf("k8s:enum requires type context")
	}
	scope := c.Types.Scope()
	tn, _ := scope.Lookup(c.TypeName).(*types.TypeName)
	if tn == nil {
		return fmt.Errorf("unknown enum type %s", c.TypeName)
	}
	typ := tn.Type()
	if b, ok := typ.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return fmt.Errorf("enum type must be a string, not %s", typ.String())
	}
	var vals []apiext.JSON
	for _, f := range c.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, name := range vs.Names {
					if constType(scope, vs, name) != typ || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					str, err := strconv.Unquote(lit.Value)
					if err != nil {
						return fmt.Errorf("failed to unquote enum value %q: %w", lit.Value, err)
					}
					raw, err := json.Marshal(str)
					if err != nil {
						return fmt.Errorf("failed to json marshal enum value %q: %w", str, err)
					}
					vals = append(vals, apiext.JSON{Raw: raw})
				}
			}
		}
	}
	slices.SortFunc(vals, func(a, b apiext.JSON) int { return strings.Compare(string(a.Raw), string(b.Raw)) })
	if len(vals) == 0 {
		return fmt.Errorf("no enum values found for type %s", c.TypeName)
	}
	s.Type = "string"
	s.Enum = vals
	return nil
}

// constType is the type of a package-level constant; a blank one is not
// in the scope, and has the type its spec names.
func constType(scope *types.Scope, vs *ast.ValueSpec, name *ast.Ident) types.Type {
	if name.Name != "_" {
		if obj, ok := scope.Lookup(name.Name).(*types.Const); ok {
			return obj.Type()
		}
		return nil
	}
	expr := vs.Type
	for {
		p, ok := expr.(*ast.ParenExpr)
		if !ok {
			break
		}
		expr = p.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		if tn, ok := scope.Lookup(id.Name).(*types.TypeName); ok {
			return tn.Type()
		}
	}
	return nil
}

// ---- CRD rules.

// crdVersion is the named version of the CRD, or nil.
func crdVersion(crd *apiext.CustomResourceDefinition, version string) *apiext.CustomResourceDefinitionVersion {
	for i := range crd.Spec.Versions {
		if crd.Spec.Versions[i].Name == version {
			return &crd.Spec.Versions[i]
		}
	}
	return nil
}

// subresources are the version's subresources, made if there are none.
func subresources(crd *apiext.CustomResourceDefinition, version string) *apiext.CustomResourceSubresources {
	v := crdVersion(crd, version)
	if v == nil {
		return nil
	}
	if v.Subresources == nil {
		v.Subresources = &apiext.CustomResourceSubresources{}
	}
	return v.Subresources
}

func applySubresourceStatus(_ any, crd *apiext.CustomResourceDefinition, version string) error {
	sub := subresources(crd, version)
	if sub == nil {
		return fmt.Errorf("status subresource applied to version %q not in CRD", version)
	}
	sub.Status = &apiext.CustomResourceSubresourceStatus{}
	return nil
}

func applySubresourceScale(v any, crd *apiext.CustomResourceDefinition, version string) error {
	sub := subresources(crd, version)
	if sub == nil {
		return fmt.Errorf("scale subresource applied to version %q not in CRD", version)
	}
	a := argsOf(v)
	scale := &apiext.CustomResourceSubresourceScale{
		SpecReplicasPath:   asString(a["specpath"]),
		StatusReplicasPath: asString(a["statuspath"]),
	}
	if p, ok := a["selectorpath"].(string); ok {
		scale.LabelSelectorPath = &p
	}
	sub.Scale = scale
	return nil
}

// applyPrintColumn adds a column; like controller-gen it also gives the
// version an (empty) subresources object.
func applyPrintColumn(v any, crd *apiext.CustomResourceDefinition, version string) error {
	if subresources(crd, version) == nil {
		return fmt.Errorf("printer columns applied to version %q not in CRD", version)
	}
	a := argsOf(v)
	ver := crdVersion(crd, version)
	prio, _ := a["priority"].(int)
	ver.AdditionalPrinterColumns = append(ver.AdditionalPrinterColumns, apiext.CustomResourceColumnDefinition{
		Name:        asString(a["name"]),
		Type:        asString(a["type"]),
		JSONPath:    asString(a["JSONPath"]),
		Description: asString(a["description"]),
		Format:      asString(a["format"]),
		Priority:    int32(prio),
	})
	return nil
}

// applyResource sets the names and scope; short names and categories are
// replaced even when not given.
func applyResource(v any, crd *apiext.CustomResourceDefinition, _ string) error {
	a := argsOf(v)
	if p := asString(a["path"]); p != "" {
		crd.Spec.Names.Plural = p
	}
	if s := asString(a["singular"]); s != "" {
		crd.Spec.Names.Singular = s
	}
	crd.Spec.Names.ShortNames = asStrings(a["shortName"])
	crd.Spec.Names.Categories = asStrings(a["categories"])
	crd.Spec.Scope = apiext.NamespaceScoped
	if s := asString(a["scope"]); s != "" {
		crd.Spec.Scope = apiext.ResourceScope(s)
	}
	return nil
}

func applyStorageVersion(_ any, crd *apiext.CustomResourceDefinition, version string) error {
	if version == "" {
		return nil
	}
	if v := crdVersion(crd, version); v != nil {
		v.Storage = true
	}
	return nil
}

func applySkipVersion(_ any, crd *apiext.CustomResourceDefinition, version string) error {
	if version == "" {
		return fmt.Errorf("cannot skip a version if there is only a single version")
	}
	var kept []apiext.CustomResourceDefinitionVersion
	for _, v := range crd.Spec.Versions {
		if v.Name != version {
			kept = append(kept, v)
		}
	}
	crd.Spec.Versions = kept
	return nil
}

func applyUnservedVersion(_ any, crd *apiext.CustomResourceDefinition, version string) error {
	if v := crdVersion(crd, version); v != nil {
		v.Served = false
	}
	return nil
}

func applyDeprecatedVersion(v any, crd *apiext.CustomResourceDefinition, version string) error {
	if version == "" {
		return nil
	}
	ver := crdVersion(crd, version)
	if ver == nil {
		return nil
	}
	ver.Deprecated = true
	ver.DeprecationWarning = nil
	if w, ok := argsOf(v)["warning"].(string); ok {
		ver.DeprecationWarning = &w
	}
	return nil
}

// applyMetadata adds "key=value" annotations and labels to the CRD.
// Controller-gen panics on a label without "="; here that is an error.
func applyMetadata(v any, crd *apiext.CustomResourceDefinition, _ string) error {
	a := argsOf(v)
	if anns := asStrings(a["annotations"]); len(anns) > 0 {
		if crd.Annotations == nil {
			crd.Annotations = map[string]string{}
		}
		for _, kv := range anns {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("annotation %s is not in 'xxx=xxx' format", kv)
			}
			crd.Annotations[k] = val
		}
	}
	if labels := asStrings(a["labels"]); len(labels) > 0 {
		if crd.Labels == nil {
			crd.Labels = map[string]string{}
		}
		for _, kv := range labels {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("label %s is not in 'xxx=xxx' format", kv)
			}
			crd.Labels[k] = val
		}
	}
	return nil
}

func applySelectableField(v any, crd *apiext.CustomResourceDefinition, version string) error {
	ver := crdVersion(crd, version)
	if ver == nil {
		return fmt.Errorf("selectable field applied to version %q not in CRD", version)
	}
	ver.SelectableFields = append(ver.SelectableFields, apiext.SelectableField{JSONPath: asString(argsOf(v)["JSONPath"])})
	return nil
}
