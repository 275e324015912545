package validation

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// literal writes a value of a call's arguments or a variable's
// initializer as Go source (see validators.Variable for the kinds).
// newlines allows line breaks inside composite literals, as upstream
// writes them.
func (e *emitter) literal(value any, newlines bool) error {
	nl := func() {
		if newlines {
			e.s("\n")
		}
	}
	switch v := value.(type) {
	case uint, uint8, uint16, uint32, uint64, int, int8, int16, int32, int64, float32, float64, bool:
		e.p("%v", v)
	case string:
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		e.p("%q", v)
	case *model.Type:
		if v == nil {
			return fmt.Errorf("nil type in generated code (a validator bug)")
		}
		e.s(e.typ(v))
	case model.Member:
		e.s("obj." + v.Name)
	case *model.Member:
		e.s("obj." + v.Name)
	case validators.Identifier:
		e.s(e.sym(model.Name(v)))
	case *validators.Identifier:
		e.s(e.sym(model.Name(*v)))
	case validators.PrivateVar:
		e.s(names.Private(v.Name))
	case *validators.PrivateVar:
		e.s(names.Private(v.Name))
	case validators.Literal:
		e.s(string(v))
	case validators.WrapperFunction:
		if len(v.Function.Args) == 0 {
			for _, c := range v.Function.Comments {
				e.s("// " + c + "\n")
			}
			e.s(e.sym(e.resolveFunc(v.Function.Function)))
			return nil
		}
		nl()
		e.funcHeader(v.ObjType)
		e.s("return ")
		if err := e.call(v.Function, true); err != nil {
			return err
		}
		e.s("\n}")
	case validators.MultiWrapperFunction:
		nl()
		e.funcHeader(v.ObjType)
		e.p("errs := %s{}\n", e.field("ErrorList"))
		standard := func(c validators.Call) error { return e.call(c, true) }
		err := e.callsInOrder(v.Functions, "return errs", nil, standard, func(c validators.Call) error {
			e.s("errs = append(errs, ")
			if err := standard(c); err != nil {
				return err
			}
			e.s("...)\n")
			return nil
		})
		if err != nil {
			return err
		}
		e.s("return errs\n}")
	case validators.Call:
		// Upstream writes the comments with a literal \n, which makes
		// the rest of the line a comment: byte-identity keeps that.
		for _, c := range v.Comments {
			e.s("// " + c + `\n`)
		}
		return e.call(v, false)
	case validators.FunctionLiteral:
		nl()
		params := make([]string, len(v.Params))
		for i, p := range v.Params {
			params[i] = p.Name + " " + e.typ(p.Type)
		}
		e.s("func(" + strings.Join(params, ", ") + ")")
		results := make([]string, len(v.Results))
		for i, r := range v.Results {
			results[i] = r.Name + " " + e.typ(r.Type)
		}
		if len(results) > 1 {
			e.s(" (" + strings.Join(results, ", ") + ")")
		} else if len(results) == 1 {
			e.s(results[0])
		}
		e.s(" { " + v.Body + " }")
	case validators.StructLiteral:
		nl()
		e.s(e.sym(v.Type))
		e.typeList(v.TypeArgs)
		e.s("{")
		nl()
		for _, f := range v.Fields {
			e.s(f.Name + ": ")
			if err := e.literal(f.Value, newlines); err != nil {
				return err
			}
			e.s(",")
			nl()
		}
		e.s("}")
	case validators.SliceLiteral:
		nl()
		e.s("[]" + e.sym(v.ElementType))
		e.typeList(v.ElementTypeArgs)
		e.s("{")
		nl()
		for _, el := range v.Elements {
			if err := e.literal(el, newlines); err != nil {
				return err
			}
			e.s(",")
			nl()
		}
		e.s("}")
	default:
		rv := reflect.ValueOf(value)
		if rv.Kind() != reflect.Array || rv.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("unsupported argument type %T in generated code (a validator bug)", value)
		}
		e.p("[%d]%s{", rv.Len(), rv.Type().Elem().Name())
		for i := range rv.Len() {
			if i > 0 {
				e.s(", ")
			}
			if err := e.literal(rv.Index(i).Interface(), newlines); err != nil {
				return err
			}
		}
		e.s("}")
	}
	return nil
}

// funcHeader opens a function literal with the standard signature over
// values of t.
func (e *emitter) funcHeader(t *model.Type) {
	e.p("func(    ctx %s,     op %s,     fldPath *%s,     obj, oldObj %s%s )    %s {\n",
		e.context(), e.operation("Operation"), e.field("Path"), nilablePrefix(t), e.typ(t), e.field("ErrorList"))
}

// typeList writes [T1, T2] for type arguments.
func (e *emitter) typeList(ts []*model.Type) {
	if len(ts) == 0 {
		return
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = e.typ(t)
	}
	e.s("[" + strings.Join(names, ", ") + "]")
}

// call writes a nested call: Function[TypeArgs](ctx, op, fldPath, obj,
// oldObj, Args...) with standard, else Function[TypeArgs](Args...).
func (e *emitter) call(c validators.Call, standard bool) error {
	e.s(e.sym(e.resolveFunc(c.Function)))
	e.typeArgs(c.TypeArgs)
	e.s("(")
	if standard {
		e.s("ctx, op, fldPath, obj, oldObj")
		if len(c.Args) > 0 {
			e.s(", ")
		}
	}
	for i, a := range c.Args {
		if i > 0 {
			e.s(", ")
		}
		if err := e.literal(a, true); err != nil {
			return err
		}
	}
	e.s(")")
	e.stability(c.Stability)
	return nil
}
