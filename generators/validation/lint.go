package validation

import (
	"fmt"
	"go/token"
	"path"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// The lint checks that validation-gen always runs (see the package doc,
// "Lint"), all findings of a run reported together.

// lintRule looks at the tags of one place: t is the type of the place
// (a field's type, or the type itself), container the struct holding
// the field, or t for a type's own tags. It returns a finding or "".
type lintRule func(container, t *model.Type, tags []codetags.Tag) (string, error)

type lintFinding struct {
	pos  token.Position
	typ  string
	text string
}

type linter struct {
	reg    *validators.Registry
	lines  func([]model.Line) []codetags.Line
	rules  []lintRule
	linted map[*model.Type]bool
	found  []lintFinding
}

// newLinter returns a linter over reg's tags; lines turns model comment
// lines into positioned tag lines.
func newLinter(reg *validators.Registry, lines func([]model.Line) []codetags.Line) *linter {
	l := &linter{reg: reg, lines: lines, linted: map[*model.Type]bool{}}
	l.rules = []lintRule{alphaBetaFirst, l.stability, newRequiredness(l).rule}
	return l
}

// lintType checks t and everything it reaches, once each.
func (l *linter) lintType(t *model.Type) error {
	if t == nil || l.linted[t] {
		return nil
	}
	l.linted[t] = true
	if doc := l.lines(t.Doc.Lines); len(doc) > 0 {
		if hasTag(doc, noLintTag) {
			return nil
		}
		msgs, err := l.lintComments(t, t, doc)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			l.found = append(l.found, lintFinding{t.Pos, t.Name.String(), m})
		}
	}
	switch t.Kind {
	case model.Defined:
		return l.lintType(t.Underlying)
	case model.Struct:
		for i := range t.Members {
			m := &t.Members[i]
			msgs, err := l.lintComments(t, m.Type, l.lines(m.Doc.Lines))
			if err != nil {
				return err
			}
			for _, msg := range msgs {
				l.found = append(l.found, lintFinding{m.Pos, t.Name.String(), "field " + m.Name + ": " + msg})
			}
			if err := l.lintType(m.Type); err != nil {
				return err
			}
		}
	case model.Slice, model.Array, model.Pointer:
		return l.lintType(t.Elem)
	case model.Map:
		if err := l.lintType(t.Key); err != nil {
			return err
		}
		return l.lintType(t.Elem)
	}
	return nil
}

// lintComments runs every rule over the tags of lines: all of them, not
// only registered ones, by name; a name whose lines do not parse is left
// out.
func (l *linter) lintComments(container, t *model.Type, lines []codetags.Line) ([]string, error) {
	names, byName := codetags.Group(codetags.Extract("+", lines))
	slices.Sort(names)
	var tags []codetags.Tag
	for _, n := range names {
		if parsed, err := codetags.ParseAll(byName[n]); err == nil {
			tags = append(tags, parsed...)
		}
	}
	var msgs []string
	for _, rule := range l.rules {
		msg, err := rule(container, t, tags)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			msgs = append(msgs, msg)
		}
	}
	return msgs, nil
}

// err returns all findings as one error, in source order.
func (l *linter) err() error {
	if len(l.found) == 0 {
		return nil
	}
	slices.SortStableFunc(l.found, func(a, b lintFinding) int { return model.ComparePos(a.pos, b.pos) })
	var b strings.Builder
	b.WriteString("lint failed:")
	for _, f := range l.found {
		fmt.Fprintf(&b, "\n  %s: type %s: %s", f.pos, f.typ, f.text)
	}
	return fmt.Errorf("%s", b.String())
}

const (
	alphaTag      = "k8s:alpha"
	betaTag       = "k8s:beta"
	ifEnabledTag  = "k8s:ifEnabled"
	ifDisabledTag = "k8s:ifDisabled"
)

// alphaBetaFirst: +k8s:alpha and +k8s:beta only start a chain, and
// always carry a tag.
func alphaBetaFirst(_, _ *model.Type, tags []codetags.Tag) (string, error) {
	for _, tag := range tags {
		first := true
		for t := &tag; t != nil; t = t.ValueTag {
			if t.Name == alphaTag || t.Name == betaTag {
				if !first {
					return fmt.Sprintf("tag %q can't be used in between", t.Name), nil
				}
				if t.ValueTag == nil {
					return fmt.Sprintf("tag %q requires a validation tag as its value payload", t.Name), nil
				}
			}
			first = false
		}
	}
	return "", nil
}

var stabilityRank = map[validators.TagStability]int{validators.TagAlpha: 0, validators.TagBeta: 1, validators.TagStable: 2}

// stability: no tag in a chain is less stable than its context.
func (l *linter) stability(container, t *model.Type, tags []codetags.Tag) (string, error) {
	pkg := t.Name.Package
	if container != nil {
		pkg = container.Name.Package
	}
	base := validators.TagStable
	switch version := path.Base(pkg); {
	case strings.Contains(version, "alpha"):
		base = validators.TagAlpha
	case strings.Contains(version, "beta"):
		base = validators.TagBeta
	}
	for _, tag := range tags {
		level, check := base, &tag
		switch tag.Name {
		case alphaTag, betaTag:
			level = validators.TagAlpha
			if tag.Name == betaTag {
				level = validators.TagBeta
			}
			if tag.ValueTag == nil {
				continue
			}
			check = tag.ValueTag
		}
		if (check.Name == ifEnabledTag || check.Name == ifDisabledTag) && level == validators.TagStable {
			level = validators.TagBeta
		}
		for c := check; c != nil; c = c.ValueTag {
			s, err := l.reg.Stability(c.Name)
			if err != nil {
				break // not a validation tag: neither it nor its payload is checked
			}
			if stabilityRank[s] < stabilityRank[level] {
				return fmt.Sprintf("tag %q with stability level %q cannot be used in %s validation", c.Name, s, level), nil
			}
		}
	}
	return "", nil
}

// requiredness is the rule that fields with validations state whether
// they are required; it remembers which types have validations.
type requiredness struct {
	l      *linter
	chains map[string]bool // tags whose payload is a tag
	cache  map[transitiveKey]bool
	busy   map[transitiveKey]bool
}

type opacity struct{ typ, key, val bool }

type transitiveKey struct {
	t  *model.Type
	op opacity
}

func newRequiredness(l *linter) *requiredness {
	r := &requiredness{l: l, chains: map[string]bool{}, cache: map[transitiveKey]bool{}, busy: map[transitiveKey]bool{}}
	for _, d := range l.reg.Docs() {
		if d.PayloadsType == codetags.ValueTag {
			r.chains[d.Tag] = true
		}
	}
	return r
}

const requirednessMsg = "field with validation must have +k8s:optional, +k8s:required or +k8s:forbidden"

func (r *requiredness) rule(container, t *model.Type, tags []codetags.Tag) (string, error) {
	if container == nil || container.Kind != model.Struct || container == t {
		return "", nil
	}
	if t.Resolved().Kind == model.Struct {
		return "", nil
	}
	if anyTagNamed(tags, "k8s:optional", "k8s:required", "k8s:forbidden") {
		return "", nil
	}
	if r.validatesItself(tags) {
		return requirednessMsg, nil
	}
	v, err := r.l.reg.ExtractValidations(validators.Context{Scope: validators.ScopeField, Type: t}, r.known(tags)...)
	if err != nil {
		return fmt.Sprintf("invalid validation tags: %v", err), nil
	}
	has, _, err := r.transitive(t, opacity{v.OpaqueType, v.OpaqueKeyType, v.OpaqueValType})
	if err != nil {
		return fmt.Sprintf("invalid validation tags: %v", err), nil
	}
	if has {
		return requirednessMsg, nil
	}
	return "", nil
}

// anyTagNamed reports whether a tag of one of the names is anywhere in a
// chain.
func anyTagNamed(tags []codetags.Tag, names ...string) bool {
	for _, tag := range tags {
		for t := &tag; t != nil; t = t.ValueTag {
			if slices.Contains(names, t.Name) {
				return true
			}
		}
	}
	return false
}

// validatesItself reports whether tags hold a registered validation tag
// other than optional and opaqueType (looking through chain tags).
func (r *requiredness) validatesItself(tags []codetags.Tag) bool {
	for _, tag := range tags {
		switch {
		case tag.Name == "k8s:optional" || tag.Name == "k8s:opaqueType":
		case r.chains[tag.Name]:
			if tag.ValueTag != nil && r.validatesItself([]codetags.Tag{*tag.ValueTag}) {
				return true
			}
		case r.l.reg.Known(tag.Name):
			return true
		}
	}
	return false
}

func (r *requiredness) known(tags []codetags.Tag) []codetags.Tag {
	var out []codetags.Tag
	for _, t := range tags {
		if r.l.reg.Known(t.Name) {
			out = append(out, t)
		}
	}
	return out
}

// transitive reports whether t, seen with the given opacity, has
// validations of its own or below; cycle reports that the answer
// depended on a type still being looked at (and so is not cached).
func (r *requiredness) transitive(t *model.Type, op opacity) (has, cycle bool, err error) {
	if op.typ {
		return false, false, nil
	}
	key := transitiveKey{t, op}
	if r.busy[key] {
		return false, true, nil
	}
	if v, ok := r.cache[key]; ok {
		return v, false, nil
	}
	r.busy[key] = true
	defer delete(r.busy, key)

	ctx := validators.Context{Scope: validators.ScopeType, Type: t}
	tags, err := r.l.reg.ExtractTags(r.l.lines(t.Doc.Lines))
	if err != nil {
		return false, false, err
	}
	v, err := r.l.reg.ExtractValidations(ctx, tags...)
	if err != nil {
		return false, false, err
	}
	op = opacity{op.typ || v.OpaqueType, op.key || v.OpaqueKeyType, op.val || v.OpaqueValType}
	if op.typ {
		r.cache[key] = false
		return false, false, nil
	}
	if v.HasEmitable() {
		r.cache[key] = true
		return true, false, nil
	}

	switch t.Kind {
	case model.Defined:
		has, cycle, err = r.transitive(t.Underlying, op)
	case model.Slice, model.Array:
		has, cycle, err = r.transitive(t.Elem, opacity{typ: op.val})
	case model.Map:
		var hk, hv, ck, cv bool
		if hk, ck, err = r.transitive(t.Key, opacity{typ: op.key}); err != nil {
			return false, false, err
		}
		if hv, cv, err = r.transitive(t.Elem, opacity{typ: op.val}); err != nil {
			return false, false, err
		}
		has, cycle = hk || hv, ck || cv
	case model.Pointer:
		has, cycle, err = r.transitive(t.Elem, op)
	case model.Struct:
		for i := range t.Members {
			m := &t.Members[i]
			mtags, err := r.l.reg.ExtractTags(r.l.lines(m.Doc.Lines))
			if err != nil {
				return false, false, err
			}
			if r.validatesItself(mtags) {
				has = true
				break
			}
			fv, err := r.l.reg.ExtractValidations(validators.Context{Scope: validators.ScopeField, Type: m.Type}, mtags...)
			if err != nil {
				return false, false, err
			}
			mh, mc, err := r.transitive(m.Type, opacity{op.typ || fv.OpaqueType, op.key || fv.OpaqueKeyType, op.val || fv.OpaqueValType})
			if err != nil {
				return false, false, err
			}
			cycle = cycle || mc
			if mh {
				has = true
				break
			}
		}
	}
	if err != nil {
		return false, false, err
	}
	if !cycle {
		r.cache[key] = has
	}
	return has, cycle, nil
}
