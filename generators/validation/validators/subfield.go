package validators

import (
	"errors"
	"fmt"
	"os"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// +k8s:subfield(name)=<tag> validates one field of a struct from the
// place the struct is used.

const subfieldTagName = "k8s:subfield"

func init() { register(func() TagValidator { return &subfieldTag{} }) }

type subfieldTag struct {
	extractor *Registry
	// inherited records the subfield paths whose own short-circuiting
	// tags were copied already (once per path, however many subfield tags
	// name it).
	inherited map[string]bool
}

func (s *subfieldTag) Init(cfg Config) {
	s.extractor = cfg.Extractor
	s.inherited = map[string]bool{}
}

func (s *subfieldTag) TagName() string      { return subfieldTagName }
func (s *subfieldTag) ValidScopes() []Scope { return listScopes }

func (s *subfieldTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	for t := tag.ValueTag; t != nil; t = t.ValueTag {
		if t.Name == subfieldTagName {
			return Validations{}, fmt.Errorf("nested +%s tags are unsupported; apply validations directly to the nested type instead", subfieldTagName)
		}
	}
	nt := NonPointer(NativeType(ctx.Type))
	if nt.Kind != model.Struct {
		return Validations{}, fmt.Errorf("can only be used on struct types: %v", GengoKind(nt))
	}
	arg, ok := tag.Positional()
	if !ok || tag.ValueTag == nil {
		return Validations{}, errors.New("requires a field name and a validation tag")
	}
	name := arg.Value
	m := MemberByJSON(nt, name)
	if m == nil {
		return Validations{}, fmt.Errorf("no field for json name %q", name)
	}
	sub := Context{
		Scope:      ScopeField,
		Type:       m.Type,
		Path:       ctx.Path.Child(name),
		Member:     m,
		ParentPath: ctx.Path,
		ParentType: ctx.Type,
		Stability:  ctx.Stability,
	}

	structT := ctx.Type
	if !IsNilable(structT) {
		structT = PointerTo(structT)
	}
	fieldT, amp := m.Type, ""
	if !IsNilable(fieldT) {
		fieldT, amp = PointerTo(fieldT), "&"
	}
	get := FunctionLiteral{
		Params:  []Param{{Name: "o", Type: structT}},
		Results: []Param{{Type: fieldT}},
		Body:    fmt.Sprintf("return %so.%s", amp, m.Name),
	}
	equiv := equivalence(m.Type)

	own, err := s.extractor.ExtractValidations(sub, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}

	// Deferred: whether the field is opaque is known once every tag was
	// evaluated.
	var out Validations
	out.AddDeferred(deferredAt(tag, ThisContext, func() (Validations, error) {
		var all Validations
		all.Add(own)
		if !isFieldOpaque(s.extractor, ctx) {
			// The subfield's own short-circuits (required, immutable...)
			// decide whether the wrapped calls run.
			sc, err := s.shortCircuitsOf(sub)
			if err != nil {
				return Validations{}, err
			}
			all.Add(sc)
		}
		v := MapCalls(all, func(c Call, scope DeferredScope) Call {
			if scope == ParentContext { // about the struct itself (a union, say)
				return c
			}
			w := NewCall(subfieldTagName, c.Flags, ValidateFunc("Subfield"), name, get, equiv,
				WrapperFunction{Function: c, ObjType: m.Type, PathFragment: "." + name})
			w.Cohort = name
			return w
		})
		// What was for the subfield's parent is for this place.
		for i := range v.Deferred {
			if v.Deferred[i].Scope == ParentContext {
				v.Deferred[i].Scope = ThisContext
			}
		}
		return v, nil
	}))
	return out, nil
}

// shortCircuitsOf returns the short-circuiting calls of the subfield's own
// tags, made non-errors, the first time the subfield's path asks.
func (s *subfieldTag) shortCircuitsOf(sub Context) (Validations, error) {
	key := sub.Path.String()
	if s.inherited[key] {
		return Validations{}, nil
	}
	s.inherited[key] = true
	tags, err := s.extractor.ExtractTags(codetags.FromModel(sub.Member.Doc.Lines, os.ReadFile))
	if err != nil {
		return Validations{}, err
	}
	v, err := s.extractor.ExtractValidations(sub, tags...)
	if err != nil {
		return Validations{}, err
	}
	return shortCircuitsAsNonError(v), nil
}

// shortCircuitsAsNonError keeps v's short-circuiting calls (deferred ones
// included), marked NonError.
func shortCircuitsAsNonError(v Validations) Validations {
	var out Validations
	for _, c := range v.Calls {
		if c.Flags.Has(ShortCircuit) {
			c.Flags |= NonError
			out.AddCall(c)
		}
	}
	for _, d := range v.Deferred {
		out.AddDeferred(Deferred{Scope: d.Scope, Run: func() (Validations, error) {
			inner, err := d.Run()
			if err != nil {
				return Validations{}, err
			}
			return shortCircuitsAsNonError(inner), nil
		}})
	}
	return out
}

func (s *subfieldTag) Docs() TagDoc {
	return TagDoc{
		Tag:         subfieldTagName,
		Stability:   TagStable,
		Scopes:      listScopes,
		Description: "Declares a validation for a subfield of a struct.",
		Args: []TagArgDoc{{
			Description: "<field-json-name>",
			Type:        codetags.ArgString,
			Required:    true,
		}},
		Docs: "The named subfield must be a direct field of the struct, or of an embedded struct.",
		Payloads: []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "The tag to evaluate for the subfield.",
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}
