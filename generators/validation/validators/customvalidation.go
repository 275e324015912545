package validators

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const (
	customValidationTagName = "k8s:customValidation"
	customValidationPrefix  = "ValidateCustom_"
)

func init() { register(func() TagValidator { return &customValidationTag{} }) }

// customValidationTag implements +k8s:customValidation: the generated code
// calls a hand-written ValidateCustom_<Type> (on a type) or
// ValidateCustom_<Type>_<Field> (on a field) of the package the type's
// validation code is generated in.
type customValidationTag struct {
	universe  *model.Universe
	canonical map[string]string
	// claimed are the functions some tag asked for, so that Verify can
	// find the ones no tag asks for.
	claimed map[model.Name]bool
}

func (c *customValidationTag) Init(cfg Config) {
	c.universe = cfg.Universe
	c.canonical = cfg.InputToCanonical
	c.claimed = map[model.Name]bool{}
}

func (c *customValidationTag) TagName() string { return customValidationTagName }

func (c *customValidationTag) ValidScopes() []Scope { return []Scope{ScopeField, ScopeType} }

func (c *customValidationTag) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	owner := ctx.Type
	if ctx.Scope == ScopeField {
		owner = ctx.ParentType
	}
	pkg, ok := c.canonical[owner.Name.Package]
	if !ok {
		return Validations{}, fmt.Errorf("cannot resolve generated package for %s (is it being processed by validation-gen?)", owner.Name.Package)
	}
	fn := model.Name{Package: pkg, Name: customValidationPrefix + owner.Name.Name}
	if ctx.Scope == ScopeField {
		fn.Name += "_" + ctx.Member.Name
	}
	// The function gets the value as the generated code has it: nilable.
	valueType := ctx.Type
	if !IsNilable(valueType) {
		valueType = PointerTo(valueType)
	}
	if err := c.checkFunction(fn, valueType); err != nil {
		return Validations{}, err
	}
	c.claimed[fn] = true
	// No Emits: what a hand-written function reports is unknown.
	var v Validations
	v.AddCall(NewCall(customValidationTagName, 0, fn).WithComment("custom validation"))
	return v, nil
}

// checkFunction reports a missing function, or one whose signature is not
// func(context.Context, operation.Operation, *field.Path, value, oldValue T) field.ErrorList.
func (c *customValidationTag) checkFunction(fn model.Name, valueType *model.Type) error {
	if c.universe == nil {
		return nil
	}
	pkg := c.universe.Package(fn.Package)
	if pkg == nil {
		return fmt.Errorf("+%s: cannot find package %q to verify function %q", customValidationTagName, fn.Package, fn.Name)
	}
	i := slices.IndexFunc(pkg.Funcs, func(f *model.Function) bool { return f.Name == fn.Name })
	if i < 0 {
		return fmt.Errorf("+%s: expected hand-written function %s.%s was not found", customValidationTagName, fn.Package, fn.Name)
	}
	if !customSignature(pkg.Funcs[i], valueType) {
		return fmt.Errorf("+%s: %s.%s must have signature "+
			"func(ctx context.Context, op operation.Operation, fldPath *field.Path, value, oldValue %s) field.ErrorList",
			customValidationTagName, fn.Package, fn.Name, shortTypeString(valueType))
	}
	return nil
}

var (
	contextName   = model.Name{Package: "context", Name: "Context"}
	operationName = model.Name{Package: "k8s.io/apimachinery/pkg/api/operation", Name: "Operation"}
	fieldPathName = model.Name{Package: "k8s.io/apimachinery/pkg/util/validation/field", Name: "Path"}
	errorListName = model.Name{Package: "k8s.io/apimachinery/pkg/util/validation/field", Name: "ErrorList"}
)

func customSignature(f *model.Function, value *model.Type) bool {
	if f.IsVariadic || len(f.Params) != 5 || len(f.Results) != 1 {
		return false
	}
	p := f.Params
	named := func(t *model.Type, n model.Name) bool { return t != nil && t.Name == n }
	return named(p[0], contextName) && named(p[1], operationName) &&
		p[2] != nil && p[2].Kind == model.Pointer && named(p[2].Elem, fieldPathName) &&
		sameShape(p[3], value) && sameShape(p[4], value) && named(f.Results[0], errorListName)
}

// sameShape compares types by kind, structure and (for the others) name:
// a rebuilt *T equals the declared *T.
func sameShape(a, b *model.Type) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case model.Pointer, model.Slice, model.Array:
		return sameShape(a.Elem, b.Elem)
	case model.Map:
		return sameShape(a.Key, b.Key) && sameShape(a.Elem, b.Elem)
	}
	return a.Name == b.Name
}

// shortTypeString spells a type with unqualified names ("*Struct",
// "[]StringType"), for messages.
func shortTypeString(t *model.Type) string {
	if t == nil {
		return "?"
	}
	switch t.Kind {
	case model.Pointer:
		return "*" + shortTypeString(t.Elem)
	case model.Slice, model.Array:
		return "[]" + shortTypeString(t.Elem)
	case model.Map:
		return "map[" + shortTypeString(t.Key) + "]" + shortTypeString(t.Elem)
	}
	if t.Kind == model.Builtin {
		return GengoName(t)
	}
	return t.Name.Name
}

// VerifyCustomValidationsHaveTags reports, once every input package has
// been processed by the run of r, the ValidateCustom_* functions no
// +k8s:customValidation asks for, and those written in an input package
// rather than in the package its validation code is generated in.
func VerifyCustomValidationsHaveTags(r *Registry) error {
	c, ok := validatorOf[*customValidationTag](r, customValidationTagName)
	if !ok || c.universe == nil {
		return nil
	}
	var issues []string
	scanned := map[string]bool{}
	for in, out := range c.canonical {
		if in != out {
			if pkg := c.universe.Package(in); pkg != nil {
				for _, f := range pkg.Funcs {
					if strings.HasPrefix(f.Name, customValidationPrefix) {
						issues = append(issues, fmt.Sprintf("%s.%s: move to the generated package %s", in, f.Name, out))
					}
				}
			}
		}
		if scanned[out] {
			continue
		}
		scanned[out] = true
		if pkg := c.universe.Package(out); pkg != nil {
			for _, f := range pkg.Funcs {
				if strings.HasPrefix(f.Name, customValidationPrefix) && !c.claimed[model.Name{Package: out, Name: f.Name}] {
					issues = append(issues, fmt.Sprintf("%s.%s: no matching tag (add +%s, or rename if not a custom validation)", out, f.Name, customValidationTagName))
				}
			}
		}
	}
	if len(issues) == 0 {
		return nil
	}
	slices.Sort(issues)
	return errors.New("+" + customValidationTagName + ": " + strings.Join(issues, "; "))
}

func (c *customValidationTag) Docs() TagDoc {
	return TagDoc{
		Tag:         customValidationTagName,
		Stability:   TagStable,
		Scopes:      c.ValidScopes(),
		Description: "Calls a hand-written validation function from the generated traversal code.",
		Docs: "The function lives in the generated package, with signature " +
			"func(context.Context, operation.Operation, *field.Path, value, oldValue <ValueType>) field.ErrorList, " +
			"where <ValueType> is the validated value's type made nilable: a pointer (e.g. *string), or the " +
			"type itself if already nilable (slice, map, pointer). In the function name, <Type> and <Field> " +
			"are Go identifiers (e.g. Replicas, not the JSON name replicas). " +
			"Field scope (ValidateCustom_<Type>_<Field>) validates one field; on update the framework skips " +
			"the call when that field is unchanged. Type scope (ValidateCustom_<Type>) is for checks across " +
			"multiple fields; the framework does not skip it on update, so an expensive check should return " +
			"early when value and oldValue are equal. " +
			"For per-element checks, put the tag on the element type, or use field scope and loop inside the " +
			"function.",
	}
}
