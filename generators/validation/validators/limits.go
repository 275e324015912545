package validators

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// The size and range tags: k8s:minItems, maxItems, minProperties,
// maxProperties, minLength, maxLength, maxBytes, minimum and maximum.
// Each becomes one call of the validate function of the same name with
// the tag's integer value as its extra argument.

func init() {
	for _, l := range limitTags {
		register(func() TagValidator { c := l; return &c })
	}
}

// limitTarget is the kind of value a limit tag applies to.
type limitTarget int

const (
	limitList    limitTarget = iota // slices and arrays
	limitMap                        // maps with string-based keys
	limitString                     // strings, through pointers
	limitInteger                    // integers, through pointers
)

// limitTag is one limit tag, described as data.
type limitTag struct {
	name     string
	scopes   []Scope // sorted
	target   limitTarget
	function string // in the validate package
	flags    Flags
	emit     Emission

	nonNegative bool // reject values below zero
	atMost100k  bool // reject values above 100000
	omitZero    bool // a value of 0 asks for nothing

	description      string
	payload, payDocs string
}

var (
	scopesAllValues = sortedScopes(ScopeType, ScopeField, ScopeListVal, ScopeMapKey, ScopeMapVal)
	scopesList      = sortedScopes(ScopeType, ScopeField, ScopeListVal, ScopeMapVal)
	scopesMap       = sortedScopes(ScopeType, ScopeField)
)

// sortedScopes returns the scopes sorted (a new slice), as docs list
// them.
func sortedScopes(s ...Scope) []Scope { return slices.Sorted(slices.Values(s)) }

var limitTags = []limitTag{{
	name: "k8s:minItems", scopes: scopesList, target: limitList,
	function: "MinItems", emit: Emission{Type: field.ErrorTypeTooFew, Origin: "minItems"},
	nonNegative: true,
	description: "Indicates that a list has a minimum size.",
	payload:     "<non-negative integer>", payDocs: "This list must be at least X items long.",
}, {
	name: "k8s:maxItems", scopes: scopesList, target: limitList,
	// maxItems runs first and stops the rest: huge lists are not walked.
	function: "MaxItems", flags: ShortCircuit, emit: Emission{Type: field.ErrorTypeTooMany, Origin: "maxItems"},
	nonNegative: true,
	description: "Indicates that a list has a limit on its size.",
	payload:     "<non-negative integer>", payDocs: "This list must be no more than X items long.",
}, {
	name: "k8s:minProperties", scopes: scopesMap, target: limitMap,
	function: "MinProperties", emit: Emission{Type: field.ErrorTypeTooFew, Origin: "minProperties"},
	nonNegative: true, atMost100k: true,
	description: "minProperties provides a limit on properties of an object as defined by JSON schema. In Kubernetes it may only be used to constrain the number of elements on a field defined as a golang map.",
	payload:     "<non-negative integer>", payDocs: "This map must have at least X properties (where X <= 100000).",
}, {
	name: "k8s:maxProperties", scopes: scopesMap, target: limitMap,
	function: "MaxProperties", flags: ShortCircuit, emit: Emission{Type: field.ErrorTypeTooMany, Origin: "maxProperties"},
	nonNegative: true, atMost100k: true,
	description: "maxProperties provides a limit on properties of an object as defined by JSON schema. In Kubernetes it may only be used to constrain the number of elements on a field defined as a golang map.",
	payload:     "<non-negative integer>", payDocs: "This map must have no more than X properties (where X <= 100000).",
}, {
	name: "k8s:minimum", scopes: scopesAllValues, target: limitInteger,
	function: "Minimum", emit: Emission{Type: field.ErrorTypeInvalid, Origin: "minimum"},
	description: "Indicates that a numeric field has a minimum value.",
	payload:     "<integer>", payDocs: "This field must be greater than or equal to X.",
}, {
	name: "k8s:maximum", scopes: scopesAllValues, target: limitInteger,
	function: "Maximum", emit: Emission{Type: field.ErrorTypeInvalid, Origin: "maximum"},
	description: "Indicates that a numeric field has a maximum value.",
	payload:     "<integer>", payDocs: "This field must be less than or equal to X.",
}, {
	name: "k8s:minLength", scopes: scopesAllValues, target: limitString,
	function: "MinLength", emit: Emission{Type: field.ErrorTypeTooShort, Origin: "minLength"},
	// minLength=0 documents that no minimum was wanted; it checks nothing.
	omitZero: true,
	description: `Indicates that a string field has a minimum length for its value in characters.
		This means that the minimum size in bytes is a range from X to 4X if multi-byte characters are allowed.
		`,
	payload: "<integer>", payDocs: "This field must be at least X characters long.",
}, {
	name: "k8s:maxLength", scopes: scopesAllValues, target: limitString,
	function: "MaxLength", emit: Emission{Type: field.ErrorTypeTooLong, Origin: "maxLength"},
	nonNegative: true,
	description: `Indicates that a string field has a limit on its length in characters.
		This could allow up to 4*N bytes if multi-byte characters are used.
		If you want to limit length of bytes specifically, use maxBytes.`,
	payload: "<non-negative integer>", payDocs: "This field must be no more than X characters long.",
}, {
	name: "k8s:maxBytes", scopes: scopesAllValues, target: limitString,
	function: "MaxBytes", emit: Emission{Type: field.ErrorTypeTooLong, Origin: "maxBytes"},
	nonNegative: true,
	description: `Indicates that a string field has a limit on its length in bytes.
		This could only allow as few as N/4 multi-byte characters.
		If you want to limit length of characters specifically, use maxLength.`,
	payload: "<non-negative integer>", payDocs: "This field must be no more than X bytes long.",
}}

func (l *limitTag) Init(Config)          {}
func (l *limitTag) TagName() string      { return l.name }
func (l *limitTag) ValidScopes() []Scope { return l.scopes }

func (l *limitTag) Docs() TagDoc {
	return TagDoc{
		Tag:              l.name,
		Stability:        TagStable,
		Scopes:           l.scopes,
		Description:      l.description,
		Payloads:         []TagPayloadDoc{{Description: l.payload, Docs: l.payDocs}},
		PayloadsType:     codetags.ValueInt,
		PayloadsRequired: true,
	}
}

func (l *limitTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if l.target == limitInteger {
		return l.integerLimit(ctx, tag)
	}
	if err := l.checkType(ctx.Type); err != nil {
		return Validations{}, err
	}
	n, err := parseCanonicalInt(tag.Value)
	if err != nil {
		return Validations{}, fmt.Errorf("failed to parse tag payload as int: %w", err)
	}
	switch {
	case l.nonNegative && n < 0:
		return Validations{}, fmt.Errorf("must be greater than or equal to zero")
	case l.atMost100k && n > 100000:
		return Validations{}, fmt.Errorf("must be less than or equal to 100000")
	}
	var out Validations
	if l.omitZero && n <= 0 {
		return out, nil
	}
	out.AddCall(l.call(n))
	return out, nil
}

func (l *limitTag) call(n any) Call {
	return NewCall(l.name, l.flags, ValidateFunc(l.function), n).WithEmits(l.emit)
}

// checkType reports a value type the (non-integer) tag does not apply to.
func (l *limitTag) checkType(t *model.Type) error {
	switch l.target {
	case limitList:
		// Pointers to lists are not stripped: they are not supported.
		if n := NativeType(t); n.Kind != model.Slice && n.Kind != model.Array {
			return fmt.Errorf("can only be used on list types (%s)", typeAndNative(t, n))
		}
	case limitMap:
		n := NativeType(t)
		if n.Kind != model.Map {
			return fmt.Errorf("can only be used on map types (%s)", typeAndNative(t, n))
		}
		if !isBuiltin(NativeType(n.Key), "string") {
			return fmt.Errorf("can only be used on map types with string-based keys (%s)", typeAndNative(t, n))
		}
	case limitString:
		if n := NonPointer(NativeType(t)); !isBuiltin(n, "string") {
			return fmt.Errorf("can only be used on string types (%s)", typeAndNative(t, n))
		}
	}
	return nil
}

// integerLimit handles minimum and maximum: the value must fit the
// field's integer type, and is written signed or unsigned to match it.
func (l *limitTag) integerLimit(ctx Context, tag codetags.Tag) (Validations, error) {
	t := NonPointer(NativeType(ctx.Type))
	kind, ok := integerKindOf(t)
	if !ok {
		return Validations{}, fmt.Errorf("can only be used on integer types (%s)", typeAndNative(ctx.Type, t))
	}
	var n any
	var err error
	if kind.unsigned {
		n, err = parseCanonicalUint(tag.Value, kind.bits)
	} else {
		n, err = parseCanonicalSint(tag.Value, kind.bits)
	}
	if err != nil {
		return Validations{}, fmt.Errorf("failed to parse tag payload: %w", err)
	}
	var out Validations
	out.AddCall(l.call(n))
	return out, nil
}

// integerKind is the width and signedness of an integer type.
type integerKind struct {
	bits     int
	unsigned bool
}

// integerKinds are the integer builtins, as upstream's type model sees
// them: there int8, uint8 and byte are one type, the unsigned 8-bit
// "byte"; rune (and uintptr) are no integers at all.
var integerKinds = map[string]integerKind{
	"int": {strconv.IntSize, false}, "int16": {16, false}, "int32": {32, false}, "int64": {64, false},
	"uint": {strconv.IntSize, true}, "uint16": {16, true}, "uint32": {32, true}, "uint64": {64, true},
	"int8": {8, true}, "uint8": {8, true}, "byte": {8, true},
}

func integerKindOf(t *model.Type) (integerKind, bool) {
	if t.Kind != model.Builtin || t.Name.Package != "" {
		return integerKind{}, false
	}
	k, ok := integerKinds[t.Name.Name]
	return k, ok
}

// parseCanonicalInt parses a decimal int spelled as Go prints it (no "+",
// no leading zeros), so that the generated code repeats the tag's
// spelling.
func parseCanonicalInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err := canonical(s, strconv.Itoa(n), "int", err); err != nil {
		return 0, err
	}
	return n, nil
}

// parseCanonicalSint is parseCanonicalInt for a signed integer of the
// given width.
func parseCanonicalSint(s string, bits int) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err := canonical(s, strconv.FormatInt(n, 10), "int", err); err != nil {
		return 0, err
	}
	hi := int64(math.MaxInt64) >> (64 - bits)
	lo := -hi - 1
	if n < lo || n > hi {
		return 0, fmt.Errorf("value %d does not fit in int%d (range [%d, %d])", n, bits, lo, hi)
	}
	return n, nil
}

// parseCanonicalUint is parseCanonicalInt for an unsigned integer of the
// given width.
func parseCanonicalUint(s string, bits int) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err := canonical(s, strconv.FormatUint(n, 10), "uint", err); err != nil {
		return 0, err
	}
	hi := uint64(math.MaxUint64) >> (64 - bits)
	if n > hi {
		return 0, fmt.Errorf("value %d does not fit in uint%d (range [0, %d])", n, bits, hi)
	}
	return n, nil
}

// canonical reports the error of parsing s as a kind ("int", "uint"), or
// that s is not spelled as Go prints the value (printed).
func canonical(s, printed, kind string, err error) error {
	if err != nil {
		return fmt.Errorf("parsing %q as %s: %w", s, kind, err)
	}
	if printed != s {
		return fmt.Errorf("%q is not a valid %s value", s, kind)
	}
	return nil
}
