package defaulter

import (
	"fmt"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/run"
)

const (
	runtimePkg = "k8s.io/apimachinery/pkg/runtime"
	jsonPkg    = "encoding/json"
)

// writeFile writes RegisterDefaults and the object defaulters of one plan;
// the call trees are built again with every hand-written function found.
func writeFile(ctx *run.Context, p *plan, manual manualDefaulters, path string, header []byte) (*gofile.File, error) {
	f := gofile.New(path, p.out.Path, p.out.Name, header)
	w := &writer{f: f}
	w.line("// RegisterDefaults adds defaulters functions to the given scheme.")
	w.line("// Public to allow building arbitrary schemes.")
	w.line("// All generated defaulters are covering - they call all nested defaulters.")
	w.line("func RegisterDefaults(scheme *%s) error {", f.Imports.Qualify(runtimePkg, "Scheme"))
	for _, t := range p.order {
		name := f.Imports.Type(t)
		w.line("scheme.AddTypeDefaultingFunc(&%s{}, func(obj interface{}) { %s(obj.(*%s)) })", name, w.fn(p.objects[t]), name)
	}
	w.line("return nil")
	w.line("}\n")
	for _, t := range p.order {
		b := &builder{plan: p, manual: manual, warn: ctx.Warnf}
		tree, err := b.build(t, true)
		if err != nil {
			return nil, atType(t, err)
		}
		if tree == nil {
			continue
		}
		w.qualifyRefs(tree)
		w.line("func %s(in *%s) {", w.fn(p.objects[t]), f.Imports.Type(t))
		w.node(tree, "in", 0, nil)
		w.line("}\n")
	}
	return f, nil
}

type writer struct {
	f *gofile.File
}

func (w *writer) line(format string, args ...any) { w.f.Printf(format+"\n", args...) }

func (w *writer) fn(f *fn) string { return w.f.Imports.Qualify(f.pkg, f.name) }

// qualifyRefs names the packages of the tree's ref() constants before the
// function is written, which decides their import names as upstream.
func (w *writer) qualifyRefs(n *node) {
	if n.def != nil && n.def.ref != nil {
		w.f.Imports.Qualify(n.def.ref.Package, n.def.ref.Name)
	}
	for _, c := range n.children {
		w.qualifyRefs(c)
	}
}

// loopVars returns the index and element variables of a nesting depth.
func loopVars(depth int) (index, local string) {
	const indexes, locals = "ijklmnop", "abcdefgh"
	if depth < len(indexes) {
		return indexes[depth : depth+1], locals[depth : depth+1]
	}
	return fmt.Sprintf("i%d", depth), fmt.Sprintf("local%d", depth)
}

// node writes the code of n for the value named v: nil checks, loops, the
// default value, then the calls, then the children.
func (w *writer) node(n *node, v string, depth int, parent *node) {
	if n.field != "" {
		v += "." + n.field
	}
	index, local := loopVars(depth)
	isPointer := n.elem && !n.index
	if isPointer && parent != nil {
		w.line("if %s != nil {", v)
	}
	switch {
	case n.index:
		w.line("for %s := range %s {", index, v)
		if !n.markerOnly {
			amp := "&"
			if n.elem {
				amp = ""
			}
			w.line("%s := %s%s[%s]", local, amp, v, index)
		}
		w.defaultValue(n, v, index, false)
		w.calls(n, local, true)
		for _, c := range n.children {
			w.node(c, local, depth+1, n)
		}
		w.line("}")
	case n.key:
		// As upstream: only +default values are applied to map values.
		if n.def != nil {
			field := ""
			if parent != nil {
				field = parent.field
			}
			index += "_" + field
			w.line("for %s := range %s {", index, v)
			w.defaultValue(n, v, index, isPointer)
			w.line("}")
		}
	default:
		w.defaultValue(n, v, index, isPointer)
		w.calls(n, v, isPointer)
		for _, c := range n.children {
			w.node(c, v, depth, n)
		}
	}
	if isPointer && parent != nil {
		w.line("}")
	}
}

func (w *writer) calls(n *node, v string, isPointer bool) {
	if !isPointer {
		v = "&" + v
	}
	for _, f := range n.calls {
		w.line("%s(%s)", w.fn(f), v)
	}
}

// defaultValue writes the assignment of n's +default value, if any.
func (w *writer) defaultValue(n *node, v, index string, isPointer bool) {
	d := n.def
	if d == nil {
		return
	}
	target := v
	if n.index || n.key {
		target = v + "[" + index + "]"
	}
	value := d.literal
	if d.ref != nil {
		value = w.f.Imports.Qualify(d.ref.Package, d.ref.Name)
	}
	im := w.f.Imports
	switch {
	case d.primitive && len(pointerPath(d.top)) > 0:
		path := pointerPath(d.top)
		last := len(path)
		elem := path[last-1]
		w.line("if %s == nil {", target)
		if d.ref == nil {
			w.line("var ptrVar%d %s = %s", last, im.Type(elem), value)
		} else {
			w.line("ptrVar%d := %s(%s)", last, im.Type(elem), value)
		}
		for i := last; i >= 1; i-- {
			dest, assign := fmt.Sprintf("ptrVar%d", i-1), ":="
			if i == 1 {
				dest, assign = target, "="
			}
			source := elem.Name.String()
			if i != last {
				source = "*" + source
			}
			elem = path[i-1]
			if elem.Name.String() == source {
				w.line("%s %s &ptrVar%d", dest, assign, i)
			} else {
				w.line("%s %s (*%s)(&ptrVar%d)", dest, assign, im.Type(elem), i)
			}
		}
	case d.primitive:
		w.line("if %s == %s {", target, zeroLiterals[d.base.Name.Name])
		if d.ref == nil {
			w.line("%s = %s", target, value)
		} else {
			w.line("%s = %s(%s)", target, im.Type(d.top), value)
		}
	default:
		w.line("if %s == nil {", target)
		unmarshal := im.Qualify(jsonPkg, "Unmarshal")
		if n.key {
			tmp := index + "_default"
			w.line("%s := %s", tmp, target)
			w.line("if err := %s([]byte(`%s`), &%s); err != nil {", unmarshal, value, tmp)
		} else {
			ptr := target
			if !isPointer {
				ptr = "&" + ptr
			}
			w.line("if err := %s([]byte(`%s`), %s); err != nil {", unmarshal, value, ptr)
		}
		w.line("panic(err)")
		w.line("}")
		if n.key {
			w.line("%s = %s_default", target, index)
		}
	}
	w.line("}")
}
