package validators

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const (
	requiredTagName  = "k8s:required"
	optionalTagName  = "k8s:optional"
	forbiddenTagName = "k8s:forbidden"
	defaultTagName   = "default" // read (not registered) by +k8s:optional
)

func init() {
	for _, name := range []string{requiredTagName, optionalTagName, forbiddenTagName} {
		register(func() TagValidator { return requiredness{tag: name} })
	}
}

// requiredness implements +k8s:required, +k8s:optional and +k8s:forbidden,
// which differ only in the functions they call.
type requiredness struct{ tag string }

func (requiredness) Init(Config) {}

func (r requiredness) TagName() string { return r.tag }

func (requiredness) ValidScopes() []Scope { return []Scope{ScopeField} }

// requirednessKind is the suffix of the validate function for the value's
// shape: a pointer, slice or map is checked for nil/empty, anything else
// against its zero value. Non-pointer structs cannot be checked at all.
func requirednessKind(tag string, t *model.Type) (string, error) {
	switch NativeType(t).Kind {
	case model.Slice:
		return "Slice", nil
	case model.Map:
		return "Map", nil
	case model.Pointer:
		return "Pointer", nil
	case model.Struct:
		return "", fmt.Errorf("non-pointer structs cannot use the %q tag", tag)
	}
	return "Value", nil
}

func (r requiredness) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	switch r.tag {
	case requiredTagName:
		return required(ctx)
	case optionalTagName:
		return optional(ctx)
	}
	return forbidden(ctx)
}

func required(ctx Context) (Validations, error) {
	kind, err := requirednessKind(requiredTagName, ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	var v Validations
	v.AddCall(NewCall(requiredTagName, ShortCircuit, ValidateFunc("Required"+kind)).
		WithEmits(Emission{Type: field.ErrorTypeRequired}))
	return v, nil
}

func optional(ctx Context) (Validations, error) {
	// A default makes an optional field required as the server sees it
	// (defaulting has run before validation), unless the field is a value
	// whose default is its zero value: then nothing tells "unset" from
	// "set to the default", and the tag only documents.
	hasDefault, zeroDefault, err := zeroDefault(ctx)
	if err != nil {
		return Validations{}, err
	}
	if hasDefault {
		if zeroDefault && !IsNilable(ctx.Type) {
			return Validations{Comments: []string{"optional value-type fields with zero-value defaults are purely documentation"}}, nil
		}
		v, err := required(ctx)
		if err != nil {
			return Validations{}, err
		}
		for i := range v.Calls {
			v.Calls[i] = v.Calls[i].WithComment("optional fields with default values are effectively required")
		}
		return v, nil
	}
	kind, err := requirednessKind(optionalTagName, ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	var v Validations
	v.AddCall(NewCall(optionalTagName, ShortCircuit|NonError, ValidateFunc("Optional"+kind)))
	return v, nil
}

func forbidden(ctx Context) (Validations, error) {
	kind, err := requirednessKind(forbiddenTagName, ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	// The Optional* call after the check always "fails" without error for
	// a value that passed (it is unset), so nothing else looks at it.
	var v Validations
	v.AddCall(NewCall(forbiddenTagName, ShortCircuit, ValidateFunc("Forbidden"+kind)).
		WithEmits(Emission{Type: field.ErrorTypeForbidden}))
	v.AddCall(NewCall(forbiddenTagName, ShortCircuit|NonError, ValidateFunc("Optional"+kind)))
	return v, nil
}

// zeroDefault reads the field's +default tag (a JSON value): whether there
// is one, and whether it is the zero value of the field's type (never, for
// nilable types, which are required with any default).
func zeroDefault(ctx Context) (has, zero bool, err error) {
	if ctx.Member == nil {
		return false, false, nil
	}
	var defaults []codetags.Tag
	for _, e := range codetags.Extract("+", codetags.FromModel(ctx.Member.Doc.Lines, nil)) {
		if e.Name != defaultTagName {
			continue
		}
		t, err := codetags.Parse(e.Text, e.Pos, codetags.Raw())
		if err != nil {
			var pe *model.PosError
			if errors.As(err, &pe) {
				return false, false, &TagError{Pos: pe.Pos, Err: fmt.Errorf("failed to read tags: %s", pe.Msg)}
			}
			return false, false, fmt.Errorf("failed to read tags: %w", err)
		}
		if err := functionStyleArgs(t); err != nil {
			return false, false, &TagError{Pos: t.Pos, Err: fmt.Errorf("failed to read tags: %w", err)}
		}
		defaults = append(defaults, t)
	}
	if len(defaults) == 0 {
		return false, false, nil
	}
	if len(defaults) > 1 {
		// Upstream names each tag without its value.
		names := make([]string, len(defaults))
		for i, t := range defaults {
			names[i] = t.Name
			if len(t.Args) > 0 {
				names[i] += "(" + t.Args[0].Value + ")"
			}
		}
		return false, false, &TagError{Pos: defaults[1].Pos, Err: fmt.Errorf("+default tag with multiple values: %q", names)}
	}
	d := defaults[0]
	var value any
	if err := json.Unmarshal([]byte(d.Value), &value); err != nil {
		return false, false, &TagError{Pos: d.ValuePos, Err: fmt.Errorf("failed to parse default value %q: %w", d.Value, err)}
	}
	if value == nil {
		return false, false, &TagError{Pos: d.ValuePos, Err: fmt.Errorf("failed to parse default value %q: unmarshalled to nil", d.Value)}
	}
	if IsNilable(ctx.Type) {
		return true, false, nil
	}
	name := GengoName(NonPointer(NativeType(ctx.Type)))
	z, ok := zeroValues[name]
	if !ok {
		return false, false, fmt.Errorf("unknown zero-value for type %s", name)
	}
	return true, reflect.DeepEqual(value, z), nil
}

// functionStyleArgs rejects what gengo's function-style tags cannot have:
// more than one argument, named ones, ones that are not strings.
func functionStyleArgs(t codetags.Tag) error {
	if len(t.Args) > 1 {
		parts := make([]string, len(t.Args))
		for i, a := range t.Args {
			parts[i] = a.String()
		}
		return fmt.Errorf("expected one argument, got: [%s]", strings.Join(parts, " "))
	}
	for _, a := range t.Args {
		if a.Name != "" {
			return fmt.Errorf("unexpected named argument: %q", a.Name)
		}
		if a.Type != codetags.ArgString {
			return fmt.Errorf("unexpected argument type: %s", a.Type)
		}
	}
	return nil
}

// zeroValues are the zero values, as JSON decodes them, of the types a
// +default can be compared with (gengo's type names).
var zeroValues = map[string]any{
	"uint": 0., "uint8": 0., "uint16": 0., "uint32": 0., "uint64": 0.,
	"int": 0., "int8": 0., "int16": 0., "int32": 0., "int64": 0.,
	"byte": 0., "float64": 0., "float32": 0.,
	"integer": 0., "number": 0.,
	"bool": false, "boolean": false,
	"string": "", "time.Time": "",
	"[]byte":      "",
	"interface{}": nil,
	"any":         nil,
}

func (r requiredness) Docs() TagDoc {
	doc := TagDoc{Tag: r.tag, Scopes: r.ValidScopes(), Stability: TagStable}
	switch r.tag {
	case requiredTagName:
		doc.Description = "Indicates that a field must be specified by clients."
	case optionalTagName:
		doc.Description = "Indicates that a field is optional to clients."
	case forbiddenTagName:
		doc.Stability = TagBeta
		doc.Description = "Indicates that a field may not be specified."
	}
	return doc
}
