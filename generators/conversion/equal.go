package conversion

import "github.com/kubegen/kubegen/generators/model"

// memoryEquality decides, as upstream, which pairs of types have the same
// memory layout, so that one converts to the other with an unsafe.Pointer
// cast. Results are cached by pair; pairs with a hand-written conversion
// (other than copy-only ones) are never equal, since the function must be
// called.
type memoryEquality map[pair]bool

func newMemoryEquality(manual manualConversions) memoryEquality {
	e := memoryEquality{}
	for k, f := range manual {
		if f.copyOnly() {
			continue
		}
		e[pair{k.in, k.out}] = false
		e[pair{k.out, k.in}] = false
	}
	return e
}

// equal reports whether a and b have the same memory layout.
func (e memoryEquality) equal(a, b *model.Type) bool {
	eq, _ := e.cached(a, b, nil)
	return eq
}

// cached compares a and b, with the cache. Results that rest on the
// assumption made to break a cycle (seen holds the types being compared
// further up) are not cacheable, and not cached.
func (e memoryEquality) cached(a, b *model.Type, seen []*model.Type) (eq, cacheable bool) {
	if a == b {
		return true, true
	}
	if v, ok := e[pair{a, b}]; ok {
		return v, true
	}
	if v, ok := e[pair{b, a}]; ok {
		return v, true
	}
	eq, cacheable = e.compare(a, b, seen)
	if cacheable {
		e[pair{a, b}] = eq
		e[pair{b, a}] = eq
	}
	return eq, cacheable
}

func (e memoryEquality) compare(a, b *model.Type, seen []*model.Type) (eq, cacheable bool) {
	in, out := unwrap(a), unwrap(b)
	if in == out {
		return true, true
	}
	if in.Kind != out.Kind {
		return false, true
	}
	for _, v := range seen {
		if v == in {
			return true, false
		}
	}
	seen = append(seen, in)
	switch in.Kind {
	case model.Struct:
		if len(in.Members) != len(out.Members) {
			return false, true
		}
		cacheable = true
		for i := range in.Members {
			eq, c := e.cached(in.Members[i].Type, out.Members[i].Type, seen)
			if !eq {
				return false, true
			}
			cacheable = cacheable && c
		}
		return true, cacheable
	case model.Pointer, model.Slice:
		return e.cached(in.Elem, out.Elem, seen)
	case model.Map:
		keq, kc := e.cached(in.Key, out.Key, seen)
		veq, vc := e.cached(in.Elem, out.Elem, seen)
		return keq && veq, kc && vc
	case model.Builtin:
		return in.Name.Name == out.Name.Name, true
	}
	// Interfaces (whose dynamic types may differ), arrays and the rest are
	// not compared.
	return false, true
}

// unwrap returns the type that a defined type (over a basic type, map or
// slice) stands for; other types are returned as they are.
func unwrap(t *model.Type) *model.Type {
	for t.Kind == model.Defined && t.Underlying != nil {
		t = t.Underlying
	}
	return t
}

// underlyingNamed returns, for a defined type, a copy of its underlying
// type that keeps the defined type's name (the value can be assigned with
// a conversion to that name); other types are returned as they are.
func underlyingNamed(t *model.Type) *model.Type {
	u := unwrap(t)
	if u == t {
		return t
	}
	c := *u
	c.Name = t.Name
	return &c
}

// isPrimitive reports whether t is a builtin or a defined type over one.
func isPrimitive(t *model.Type) bool {
	return t.Kind == model.Builtin || t.Kind == model.Defined && t.Underlying != nil && t.Underlying.Kind == model.Builtin
}

// plainAssignable reports whether a value of in can be assigned to out with
// at most a type conversion, as upstream judges it: in is copied entirely
// by assignment and is a primitive or of out's package.
func plainAssignable(in, out *model.Type) bool {
	return in.IsAssignable() && (isPrimitive(in) || in.Name.Package == out.Name.Package)
}
