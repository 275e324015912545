package validators

import (
	"go/token"
	"go/types"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// Small in-memory types, tags and registries for the tests of the tag
// validators.

func tBuiltin(name string) *model.Type {
	return &model.Type{Name: model.Name{Name: name}, Kind: model.Builtin}
}

func tNamed(pkg, name string, kind model.Kind, under *model.Type) *model.Type {
	return &model.Type{Name: model.Name{Package: pkg, Name: name}, Kind: kind, Underlying: under}
}

func tSlice(e *model.Type) *model.Type {
	return &model.Type{Name: model.Name{Name: "[]" + e.Name.String()}, Kind: model.Slice, Elem: e}
}

func tMap(k, v *model.Type) *model.Type {
	return &model.Type{Name: model.Name{Name: "map[" + k.Name.String() + "]" + v.Name.String()}, Kind: model.Map, Key: k, Elem: v}
}

// tLoadedPtr is a pointer as the loader makes it (with a go/types type).
func tLoadedPtr(e *model.Type) *model.Type {
	p := PointerTo(e)
	p.Go = types.NewPointer(types.Typ[types.Int]) // any: it only marks p as loaded
	return p
}

func tStruct(pkg, name string, members ...model.Member) *model.Type {
	return &model.Type{Name: model.Name{Package: pkg, Name: name}, Kind: model.Struct, Members: members}
}

// tField returns a member with a json tag and the given doc lines
// (types.go:10 on).
func tField(name, json string, t *model.Type, doc ...string) model.Member {
	m := model.Member{Name: name, Type: t, Tag: `json:"` + json + `"`}
	for i, l := range doc {
		m.Doc.Lines = append(m.Doc.Lines, model.Line{Text: l, Pos: token.Position{Filename: "types.go", Line: 10 + i, Column: 2}})
	}
	return m
}

// fieldCtx is the context of parent's i-th field.
func fieldCtx(parent *model.Type, i int) Context {
	p := field.NewPath(parent.Name.String())
	m := &parent.Members[i]
	return Context{Scope: ScopeField, Type: m.Type, Path: p.Child(JSONName(m)), Member: m, ParentPath: p, ParentType: parent}
}

// mustTag parses a tag written at doc.go:7:4.
func mustTag(t *testing.T, text string) codetags.Tag {
	t.Helper()
	tag, err := codetags.Parse(text, token.Position{Filename: "doc.go", Line: 7, Column: 4})
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	return tag
}

// validatorFor returns the registered validator of a tag.
func validatorFor(t *testing.T, name string) TagValidator {
	t.Helper()
	for _, tv := range All() {
		if tv.TagName() == name {
			tv.Init(Config{})
			return tv
		}
	}
	t.Fatalf("no validator for %s", name)
	return nil
}

// runTag calls the validator of one tag directly, without the registry's
// checks.
func runTag(t *testing.T, ctx Context, text string) (Validations, error) {
	t.Helper()
	tag := mustTag(t, text)
	return validatorFor(t, tag.Name).GetValidations(ctx, tag)
}

// registryOf is a registry of the named tags' validators, plus extra
// ones.
func registryOf(t *testing.T, cfg Config, extra []TagValidator, names ...string) *Registry {
	t.Helper()
	tvs := append([]TagValidator(nil), extra...)
	for _, tv := range All() {
		for _, n := range names {
			if tv.TagName() == n {
				tvs = append(tvs, tv)
			}
		}
	}
	if len(tvs) != len(names)+len(extra) {
		t.Fatalf("not all of %v are registered", names)
	}
	r, err := NewRegistry(cfg, tvs...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fullRegistry is a registry of every validator.
func fullRegistry(t *testing.T) *Registry {
	t.Helper()
	r, err := NewRegistry(Config{Universe: model.NewUniverse()}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// evalTags evaluates the tags at ctx, as the engine does; the caller
// resolves the deferred work.
func evalTags(t *testing.T, r *Registry, ctx Context, tags ...string) (Validations, error) {
	t.Helper()
	var parsed []codetags.Tag
	for _, s := range tags {
		parsed = append(parsed, mustTag(t, s))
	}
	return r.ExtractValidations(ctx, parsed...)
}

// evalOK is evalTags that must succeed.
func evalOK(t *testing.T, r *Registry, ctx Context, tags ...string) Validations {
	t.Helper()
	v, err := evalTags(t, r, ctx, tags...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// resolveAll runs all deferred work (of any scope), repeatedly.
func resolveAll(t *testing.T, v Validations) Validations {
	t.Helper()
	out := v
	out.Deferred = nil
	for _, d := range v.Deferred {
		res, err := d.Run()
		if err != nil {
			t.Fatalf("deferred: %v", err)
		}
		out.Add(resolveAll(t, res))
	}
	return out
}

func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got error %v, want one containing %q", err, want)
	}
}
