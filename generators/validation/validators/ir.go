package validators

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

// Validations is what the tags of one place (a type, a field, the values
// or keys of a list or map) ask the generated code to do.
type Validations struct {
	Calls     []Call     // validation functions to call, in tag order
	Variables []Variable // package-level variables the calls use
	Comments  []string   // comment lines written before the calls
	Deferred  []Deferred // work that needs the whole struct discovered first

	// Opaque* stop the generated code from descending into the value, its
	// keys or its values (+k8s:opaqueType, eachKey/eachVal of it).
	OpaqueType, OpaqueKeyType, OpaqueValType bool
}

// Empty reports whether v asks for nothing at all.
func (v *Validations) Empty() bool {
	return !v.HasEmitable() && !v.OpaqueType && !v.OpaqueKeyType && !v.OpaqueValType
}

// HasEmitable reports whether v leads to generated code.
func (v *Validations) HasEmitable() bool {
	return len(v.Calls) > 0 || len(v.Variables) > 0 || len(v.Comments) > 0 || len(v.Deferred) > 0
}

// AddCall appends one call.
func (v *Validations) AddCall(c Call) { v.Calls = append(v.Calls, c) }

// AddVariable appends one variable.
func (v *Validations) AddVariable(vr Variable) { v.Variables = append(v.Variables, vr) }

// AddComment appends one comment line.
func (v *Validations) AddComment(c string) { v.Comments = append(v.Comments, c) }

// AddDeferred appends one deferred piece of work.
func (v *Validations) AddDeferred(d Deferred) { v.Deferred = append(v.Deferred, d) }

// Add merges o into v.
func (v *Validations) Add(o Validations) {
	v.Calls = append(v.Calls, o.Calls...)
	v.Variables = append(v.Variables, o.Variables...)
	v.Comments = append(v.Comments, o.Comments...)
	v.Deferred = append(v.Deferred, o.Deferred...)
	v.OpaqueType = v.OpaqueType || o.OpaqueType
	v.OpaqueKeyType = v.OpaqueKeyType || o.OpaqueKeyType
	v.OpaqueValType = v.OpaqueValType || o.OpaqueValType
}

// MapCalls returns v with every call, deferred ones included (when they
// run), replaced by wrap(call, scope of the call).
func MapCalls(v Validations, wrap func(Call, DeferredScope) Call) Validations {
	return mapCalls(v, wrap, ThisContext)
}

func mapCalls(v Validations, wrap func(Call, DeferredScope) Call, scope DeferredScope) Validations {
	out := v
	out.Calls = nil
	out.Deferred = nil
	out.Variables = append([]Variable(nil), v.Variables...)
	out.Comments = append([]string(nil), v.Comments...)
	for _, c := range v.Calls {
		out.AddCall(wrap(c, scope))
	}
	for _, d := range v.Deferred {
		d := d
		out.AddDeferred(Deferred{Scope: d.Scope, Run: func() (Validations, error) {
			inner, err := d.Run()
			if err != nil {
				return Validations{}, err
			}
			return mapCalls(inner, wrap, d.Scope), nil
		}})
	}
	return out
}

// Flags change how the generated code treats a call's result.
type Flags uint32

// Has reports whether all of want are set.
func (f Flags) Has(want Flags) bool { return f&want == want }

const (
	// ShortCircuit calls run first in their cohort; if one reports
	// errors, the rest of the place's validation is skipped.
	ShortCircuit Flags = 1 << (iota + 1)
	// NonError calls' results are not errors (they only decide whether
	// to short-circuit).
	NonError
)

// Conditions make a call depend on validation options (feature gates).
type Conditions struct {
	OptionEnabled  string // run only when this option is on
	OptionDisabled string // run only when this option is off
}

// Empty reports whether there is no condition.
func (c Conditions) Empty() bool { return c.OptionEnabled == "" && c.OptionDisabled == "" }

// Stability is the stability a generated call is marked with (nothing
// for stable).
type Stability string

const (
	Stable Stability = ""
	Alpha  Stability = "Alpha"
	Beta   Stability = "Beta"
)

// Call is one call of a validation function in the generated code:
//
//	Function[TypeArgs](ctx, op, fldPath, obj, oldObj, Args...)
type Call struct {
	Tag      string     // the tag that asked for it (for reports and messages)
	Cohort   string     // calls of one named cohort run in a closure of their own
	Flags    Flags      // ShortCircuit, NonError
	Function model.Name // the function called
	// TypeArgs are the call's type arguments; a Name with an empty
	// Package is written as it is spelled ("*string").
	TypeArgs   []model.Name
	Args       []any // after the five standard ones; see Literal for the kinds
	Conditions Conditions
	Comments   []string  // comment lines written before the call
	Stability  Stability // written as .MarkAlpha() / .MarkBeta()
	// StabilitySelfManaged means the validator set Stability itself, so
	// wrappers (alpha/beta tags) leave it alone.
	StabilitySelfManaged bool
	Emits                []Emission // the errors the call can report (coverage tests)
}

// NewCall returns a call of function with the given extra arguments.
func NewCall(tag string, flags Flags, function model.Name, args ...any) Call {
	return Call{Tag: tag, Flags: flags, Function: function, Args: args}
}

// WithTypeArgs returns c with type arguments.
func (c Call) WithTypeArgs(args ...model.Name) Call { c.TypeArgs = args; return c }

// WithConditions returns c with conditions.
func (c Call) WithConditions(cond Conditions) Call { c.Conditions = cond; return c }

// WithComment returns c with more comment lines.
func (c Call) WithComment(lines ...string) Call {
	c.Comments = append(append([]string(nil), c.Comments...), lines...)
	return c
}

// WithStability returns c marked with a stability.
func (c Call) WithStability(s Stability) Call { c.Stability = s; return c }

// WithEmits returns c with the errors it reports.
func (c Call) WithEmits(e ...Emission) Call { c.Emits = e; return c }

// Emission is one error a call can report: its type, origin and the path
// below the validated value it is reported at.
type Emission struct {
	Type         field.ErrorType
	Origin       string
	PathFragment string
}

// DeferredScope says where a deferred result goes.
type DeferredScope string

const (
	ThisContext   DeferredScope = "ThisContext"   // to the place of the tag
	ParentContext DeferredScope = "ParentContext" // to the struct holding the field
)

// Deferred is work done after the whole struct holding a field has been
// discovered (unions, for example, need all their members).
type Deferred struct {
	Scope DeferredScope
	Run   func() (Validations, error)
}

// Variable is a package-level variable of the generated file:
//
//	var <private name of Name> = <Init as a Literal>
type Variable struct {
	Name PrivateVar
	Init any
}

// The kinds of value a Call's Args, a Variable's Init and the fields and
// elements of composite literals may hold, and how each is written:
//
//	bool, ints, uints, floats  fmt's %v
//	string                     quoted (%q), unquoted first if it was quoted
//	*model.Type                the type's name, qualified
//	model.Member, *model.Member "obj.<Name>"
//	Identifier                 the named symbol, qualified
//	PrivateVar                 the variable's private name
//	Literal                    as it is
//	Call                       a nested call without the standard arguments
//	WrapperFunction, MultiWrapperFunction, FunctionLiteral,
//	StructLiteral, SliceLiteral
//	[N]string                  an array literal
type (
	// Identifier is a symbol of some package, written qualified.
	Identifier model.Name
	// PrivateVar names a package-level variable of the generated file.
	PrivateVar model.Name
	// Literal is Go source written as it is.
	Literal string
)

// WrapperFunction is a validation function value: Function itself when it
// has no extra arguments, else a closure with the standard signature over
// ObjType that calls it with them.
type WrapperFunction struct {
	Function     Call
	ObjType      *model.Type
	PathFragment string // where below the value its errors are reported (reports)
}

// MultiWrapperFunction is a closure with the standard signature over
// ObjType that runs several calls, honouring their flags.
type MultiWrapperFunction struct {
	Functions    []Call
	ObjType      *model.Type
	PathFragment string
}

// FunctionLiteral is func(Params) Results { Body }.
type FunctionLiteral struct {
	Params  []Param
	Results []Param
	Body    string
}

// Param is one parameter or result of a FunctionLiteral.
type Param struct {
	Name string
	Type *model.Type
}

// StructLiteral is Type[TypeArgs]{Name: Value, ...}.
type StructLiteral struct {
	Type     model.Name
	TypeArgs []*model.Type
	Fields   []StructField
}

// StructField is one field of a StructLiteral.
type StructField struct {
	Name  string
	Value any
}

// SliceLiteral is []ElementType[ElementTypeArgs]{Elements...}.
type SliceLiteral struct {
	ElementType     model.Name
	ElementTypeArgs []*model.Type
	Elements        []any
}
