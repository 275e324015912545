package evaluate

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/openapi"
)

// Universe returns the Resolver that answers from the packages gen-openapi
// generated the definitions from: model names as gen-openapi gives them
// (+k8s:openapi-model-package), the OpenAPIModelName of Known types by
// running it, and the constants of input packages.
func Universe(u *model.Universe) Resolver { return universe{u} }

type universe struct{ u *model.Universe }

func (r universe) ModelName(pkgPath, typeName string) (string, error) {
	t := r.u.Lookup(pkgPath + "." + typeName)
	if t == nil {
		return "", fmt.Errorf("type %s.%s is not among the loaded packages", pkgPath, typeName)
	}
	name, byMethod, handWritten, err := openapi.ModelName(r.u, t)
	switch {
	case err != nil:
		return "", err
	case handWritten:
		if zero, ok := Known[t.Name.String()]; ok {
			if m := reflect.ValueOf(zero).MethodByName("OpenAPIModelName"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
				return fmt.Sprint(m.Call(nil)[0].Interface()), nil
			}
		}
		return "", fmt.Errorf("%s declares its own OpenAPIModelName method, whose result only the compiled program knows", t.Name)
	case !byMethod:
		return "", fmt.Errorf("%s has no +k8s:openapi-model-package tag (on it or its package), so gen-openapi does not name it by OpenAPIModelName", t.Name)
	}
	return name, nil
}

func (r universe) Const(pkgPath, name string) (any, error) {
	p := r.u.Package(pkgPath)
	if p == nil {
		return nil, fmt.Errorf("package %s is not among the loaded packages", pkgPath)
	}
	for _, c := range p.Consts {
		if c.Name != name {
			continue
		}
		t := c.Type
		for t != nil && t.Kind == model.Defined {
			t = t.Underlying
		}
		kind := ""
		if t != nil && t.Kind == model.Builtin {
			kind = t.Name.Name
		}
		switch kind {
		case "string", "untyped string":
			return c.Value, nil
		case "bool", "untyped bool":
			return strconv.ParseBool(c.Value)
		case "float32", "float64", "untyped float":
			return strconv.ParseFloat(c.Value, 64)
		}
		if n, err := strconv.ParseInt(c.Value, 0, 64); err == nil {
			return n, nil
		}
		return nil, fmt.Errorf("constant %s.%s = %s (%s): not a string, bool or number", pkgPath, name, c.Value, kind)
	}
	return nil, fmt.Errorf("%s.%s is not a constant of an input package", pkgPath, name)
}
