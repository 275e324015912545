package validators

// constructors are the tag validators of this package; each file adds
// its own with register, from init.
var constructors []func() TagValidator

// register adds tag validators, one constructor each (a run gets fresh
// ones, since Init keeps per-run state).
func register(c ...func() TagValidator) { constructors = append(constructors, c...) }

// All returns a fresh instance of every tag validator, for NewRegistry.
func All() []TagValidator {
	out := make([]TagValidator, 0, len(constructors))
	for _, c := range constructors {
		out = append(out, c())
	}
	return out
}

// validatorOf returns the validator registered as name in r (nil: none),
// if it is a T: how validators share what one of them collects.
func validatorOf[T TagValidator](r *Registry, name string) (T, bool) {
	var v T
	if r == nil {
		return v, false
	}
	v, ok := r.byName[name].(T)
	return v, ok
}
