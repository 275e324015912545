package validators

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// TagValidator turns one tag into Validations.
type TagValidator interface {
	// Init is called once, before any GetValidations, with the run's
	// configuration.
	Init(cfg Config)
	// TagName is the tag's name without the "+" ("k8s:maxLength").
	TagName() string
	// ValidScopes are the places the tag may be written.
	ValidScopes() []Scope
	// GetValidations returns what the tag asks for at the place ctx
	// describes. Its arguments and value were checked against Docs.
	GetValidations(ctx Context, tag codetags.Tag) (Validations, error)
	// Docs describes the tag: its stability, arguments and payloads.
	Docs() TagDoc
}

// Config is what validators get to know about a run.
type Config struct {
	Universe *model.Universe
	// Extractor lets a validator turn the tag nested in its value
	// (+k8s:eachVal=+k8s:minimum=1) into Validations.
	Extractor *Registry
	// InputToCanonical maps each input (and read-only) package to the
	// package whose validation functions callers use.
	InputToCanonical map[string]string
}

// Scope is a kind of place a tag can be written. The values are
// upstream's, as they appear in its error messages.
type Scope string

const (
	ScopeType    Scope = "type definitions"
	ScopeField   Scope = "struct fields"
	ScopeListVal Scope = "list values"
	ScopeMapKey  Scope = "map keys"
	ScopeMapVal  Scope = "map values"
	ScopeConst   Scope = "constant values"
)

// Context is the place a tag is evaluated at.
type Context struct {
	Scope Scope
	// Type is the type of the value validated (for a field, the field's
	// type, pointer or not).
	Type *model.Type
	// Path names the place, for messages ("T.field[vals]").
	Path *field.Path
	// Member is the field, for ScopeField.
	Member *model.Member
	// ListSelector selects list items (+k8s:item).
	ListSelector []ListSelectorTerm
	// ParentPath and ParentType are the struct holding the field.
	ParentPath *field.Path
	ParentType *model.Type
	// Constants of Type declared in the input packages, with their tags
	// (for ScopeType).
	Constants []*Constant
	// Stability is inherited from +k8s:alpha / +k8s:beta wrappers.
	Stability Stability
}

// Constant is a declared constant and its validation tags.
type Constant struct {
	Const *model.Const
	Tags  []codetags.Tag
}

// ListSelectorTerm is one "field: value" of an item selector.
type ListSelectorTerm struct {
	Field string
	Value any
}

// TagStability is how settled a tag is.
type TagStability string

const (
	TagAlpha  TagStability = "Alpha"
	TagBeta   TagStability = "Beta"
	TagStable TagStability = "Stable"
)

// TagDoc documents a tag, and is what its arguments and value are
// checked against before GetValidations.
type TagDoc struct {
	Tag                string
	Stability          TagStability
	Args               []TagArgDoc
	Usage, Description string
	Docs, Warning      string
	Scopes             []Scope
	Payloads           []TagPayloadDoc
	PayloadsType       codetags.ValueType
	PayloadsRequired   bool
	AcceptsUnknownArgs bool
}

// TagArgDoc documents one argument (Name "" is the positional one).
type TagArgDoc struct {
	Name, Description string
	Type              codetags.ArgType
	Required          bool
	Default, Docs     string
}

// TagPayloadDoc documents one form of the tag's value.
type TagPayloadDoc struct {
	Description, Docs string
}

func (d TagDoc) arg(name string) bool {
	for _, a := range d.Args {
		if a.Name == name {
			return true
		}
	}
	return false
}

// check reports a tag whose arguments or value do not fit d, with
// upstream's wording.
func (d TagDoc) check(tag codetags.Tag) error {
	for _, want := range d.Args {
		found := false
		for _, got := range tag.Args {
			if got.Name != want.Name {
				continue
			}
			found = true
			if got.Type != want.Type {
				return fmt.Errorf("argument %q has wrong type: got %s, want %s", got.String(), got.Type, want.Type)
			}
			break
		}
		if !found && want.Required {
			if want.Name == "" {
				return fmt.Errorf("missing required positional argument of type %s", want.Type)
			}
			return fmt.Errorf("missing named argument %q of type %s", want.Name, want.Type)
		}
	}
	for _, got := range tag.Args {
		if !d.arg(got.Name) && !d.AcceptsUnknownArgs {
			return fmt.Errorf("unrecognized named argument %q", got.String())
		}
	}
	switch {
	case tag.ValueType == codetags.ValueNone:
		if d.PayloadsRequired {
			return fmt.Errorf("missing required tag value of type %s", d.PayloadsType)
		}
	case d.PayloadsType != codetags.ValueRaw && tag.ValueType != d.PayloadsType:
		return fmt.Errorf("tag value has wrong type: got %s, want %s", tag.ValueType, d.PayloadsType)
	}
	return nil
}

// Registry holds the tag validators of a run.
type Registry struct {
	byName map[string]TagValidator
	names  []string // sorted
}

// NewRegistry returns a registry of the given validators, initialised
// with cfg (its Extractor set to the registry).
func NewRegistry(cfg Config, tvs ...TagValidator) (*Registry, error) {
	r := &Registry{byName: map[string]TagValidator{}}
	for _, tv := range tvs {
		name := tv.TagName()
		if _, dup := r.byName[name]; dup {
			return nil, fmt.Errorf("tag %q registered twice", name)
		}
		switch tv.Docs().Stability {
		case TagAlpha, TagBeta, TagStable:
		default:
			return nil, fmt.Errorf("tag %q has no valid stability level", name)
		}
		r.byName[name] = tv
		r.names = append(r.names, name)
	}
	slices.Sort(r.names)
	cfg.Extractor = r
	for _, name := range r.names {
		r.byName[name].Init(cfg)
	}
	return r, nil
}

// Known reports whether name (with or without "+") is a registered tag.
func (r *Registry) Known(name string) bool {
	_, ok := r.byName[strings.TrimPrefix(name, "+")]
	return ok
}

// Stability returns a registered tag's stability.
func (r *Registry) Stability(name string) (TagStability, error) {
	tv, ok := r.byName[strings.TrimPrefix(name, "+")]
	if !ok {
		return "", fmt.Errorf("tag %q doesn't have stability level", name)
	}
	return tv.Docs().Stability, nil
}

// Docs returns every tag's documentation, by name.
func (r *Registry) Docs() []TagDoc {
	out := make([]TagDoc, 0, len(r.names))
	for _, n := range r.names {
		out = append(out, r.byName[n].Docs())
	}
	return out
}

// ExtractTags parses the registered tags among comment lines, grouped by
// name in order of first appearance, each name's lines in source order.
func (r *Registry) ExtractTags(lines []codetags.Line) ([]codetags.Tag, error) {
	names, byName := codetags.Group(codetags.Extract("+", lines))
	var out []codetags.Tag
	for _, n := range names {
		if !r.Known(n) {
			continue
		}
		tags, err := codetags.ParseAll(byName[n])
		if err != nil {
			return nil, fmt.Errorf("failed to parse tags: %w", err)
		}
		out = append(out, tags...)
	}
	return out, nil
}

// atTag positions err at tag, unless it already points at a (nested) tag.
func atTag(tag codetags.Tag, err error) error {
	if _, ok := TagPos(err); ok {
		return err
	}
	return &TagError{Pos: tag.Pos, Err: err}
}

// ExtractValidations evaluates tags at ctx, in order of tag name (tags
// of one name keep their order), and merges what they ask for.
func (r *Registry) ExtractValidations(ctx Context, tags ...codetags.Tag) (Validations, error) {
	sorted := slices.Clone(tags)
	slices.SortStableFunc(sorted, func(a, b codetags.Tag) int { return cmp.Compare(a.Name, b.Name) })
	var out Validations
	for _, tag := range sorted {
		tv, ok := r.byName[tag.Name]
		if !ok {
			return Validations{}, fmt.Errorf("unknown tag %q", tag.Name)
		}
		if !slices.Contains(tv.ValidScopes(), ctx.Scope) {
			return Validations{}, atTag(tag, fmt.Errorf("tag %q cannot be specified on %s", tag.Name, ctx.Scope))
		}
		if err := tv.Docs().check(tag); err != nil {
			return Validations{}, atTag(tag, fmt.Errorf("tag %q: %w", tag.Name, err))
		}
		v, err := tv.GetValidations(ctx, tag)
		if err != nil {
			return Validations{}, atTag(tag, fmt.Errorf("tag %q: %w", tag.Name, err))
		}
		out.Add(v)
	}
	return out, nil
}
