// Command upstream looks up and parses markers with controller-tools'
// own registry, for the parity test of package markers.
//
// With the argument "defs" it writes every registered definition as one
// JSON array. Otherwise it reads lines "TARGET<tab>TEXT" (TARGET 0, 1 or
// 2: package, type, field) on stdin and writes one JSON result per line:
// the definition found, whether it parses itself (ParseMarker), and the
// parse error or the value in the canonical form of canon.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/controller-tools/pkg/applyconfiguration"
	crdmarkers "sigs.k8s.io/controller-tools/pkg/crd/markers"
	"sigs.k8s.io/controller-tools/pkg/deepcopy"
	"sigs.k8s.io/controller-tools/pkg/markers"
	"sigs.k8s.io/controller-tools/pkg/rbac"
	"sigs.k8s.io/controller-tools/pkg/webhook"
)

type argDump struct {
	Kind     string   `json:"kind"`
	Optional bool     `json:"optional,omitempty"`
	Pointer  bool     `json:"pointer,omitempty"`
	Item     *argDump `json:"item,omitempty"`
}

type defDump struct {
	Name   string             `json:"name"`
	Target int                `json:"target"`
	Custom bool               `json:"custom,omitempty"`
	Args   map[string]argDump `json:"args"`
}

type result struct {
	Def    string `json:"def,omitempty"`
	Custom bool   `json:"custom,omitempty"`
	Err    string `json:"err,omitempty"`
	Value  string `json:"value,omitempty"`
}

var kindNames = map[markers.ArgumentType]string{
	markers.InvalidType: "invalid",
	markers.IntType:     "int",
	markers.NumberType:  "number",
	markers.StringType:  "string",
	markers.BoolType:    "bool",
	markers.AnyType:     "any",
	markers.SliceType:   "slice",
	markers.MapType:     "map",
	markers.RawType:     "raw",
}

func dumpArg(a markers.Argument) argDump {
	d := argDump{Kind: kindNames[a.Type], Optional: a.Optional, Pointer: a.Pointer}
	if a.ItemType != nil {
		item := dumpArg(*a.ItemType)
		d.Item = &item
	}
	return d
}

type selfParser interface {
	ParseMarker(name, anonymousName, restFields string) error
}

func custom(d *markers.Definition) bool {
	return reflect.PointerTo(d.Output).Implements(reflect.TypeFor[selfParser]())
}

// kinds and the definitions of extra below give the parity test argument
// kinds that no controller-tools marker has.
type kinds struct {
	Int     int
	Num     float64             `marker:",optional"`
	Str     string              `marker:",optional"`
	Bool    bool                `marker:",optional"`
	Any     any                 `marker:",optional"`
	Ints    []int               `marker:",optional"`
	Nums    []float64           `marker:",optional"`
	Bools   []bool              `marker:",optional"`
	Anys    []any               `marker:",optional"`
	Nested  [][]string          `marker:",optional"`
	Map     map[string]any      `marker:",optional"`
	MapInt  map[string]int      `marker:",optional"`
	MapList map[string][]string `marker:",optional"`
	Ptr     *int
	PtrStr  *string
	Renamed string `marker:"other-name,optional"`
}

func extra(reg *markers.Registry) error {
	for name, v := range map[string]any{
		"kubegen:kinds":    kinds{},
		"kubegen:map":      map[string]any{},
		"kubegen:mapint":   map[string]int{},
		"kubegen:maplist":  map[string][]string{},
		"kubegen:ints":     []int{},
		"kubegen:nested":   [][]string{},
		"kubegen:mapslice": []map[string]int{},
		"kubegen:number":   float64(0),
		"kubegen:strptr":   (*string)(nil),
		"kubegen:intptr":   (*int)(nil),
		"kubegen:raw":      markers.RawArguments(nil),
		"kubegen:empty":    struct{}{},
	} {
		def, err := markers.MakeDefinition(name, markers.DescribesPackage, v)
		if err != nil {
			return err
		}
		if err := reg.Register(def); err != nil {
			return err
		}
	}
	type anyValue struct {
		Value any
	}
	def, err := markers.MakeAnyTypeDefinition("kubegen:any", markers.DescribesPackage, anyValue{})
	if err != nil {
		return err
	}
	return reg.Register(def)
}

func main() {
	reg := &markers.Registry{}
	for _, register := range []func(*markers.Registry) error{
		crdmarkers.Register,
		rbac.Generator{}.RegisterMarkers,
		webhook.Generator{}.RegisterMarkers,
		deepcopy.Generator{}.RegisterMarkers,
		applyconfiguration.Generator{}.RegisterMarkers,
		extra,
	} {
		if err := register(reg); err != nil {
			fail(err)
		}
	}

	if len(os.Args) > 1 && os.Args[1] == "defs" {
		var defs []defDump
		for _, d := range reg.AllDefinitions() {
			dd := defDump{Name: d.Name, Target: int(d.Target), Custom: custom(d), Args: map[string]argDump{}}
			for name, a := range d.Fields {
				dd.Args[name] = dumpArg(a)
			}
			defs = append(defs, dd)
		}
		slices.SortFunc(defs, func(a, b defDump) int {
			return strings.Compare(fmt.Sprint(a.Target, a.Name), fmt.Sprint(b.Target, b.Name))
		})
		out, err := json.Marshal(defs)
		if err != nil {
			fail(err)
		}
		os.Stdout.Write(append(out, '\n'))
		return
	}

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		target, text, _ := strings.Cut(in.Text(), "\t")
		t, err := strconv.Atoi(target)
		if err != nil {
			fail(err)
		}
		var res result
		if d := reg.Lookup(text, markers.TargetType(t)); d != nil {
			res.Def, res.Custom = d.Name, custom(d)
			v, err := d.Parse(text)
			if err != nil {
				res.Err = err.Error()
			} else {
				res.Value = value(d, reflect.ValueOf(v))
			}
		}
		if err := enc.Encode(res); err != nil {
			fail(err)
		}
	}
	if err := in.Err(); err != nil {
		fail(err)
	}
	if err := out.Flush(); err != nil {
		fail(err)
	}
}

// value is the canonical form of a parsed marker: an unnamed argument's
// value, or "{name:value,…}" for the named arguments (with nil pointers,
// which are arguments not given, left out).
func value(d *markers.Definition, v reflect.Value) string {
	if d.AnonymousField() {
		if f := d.FieldNames[""]; f != "" {
			v = v.FieldByName(f)
		}
		return canon(v)
	}
	var names []string
	for name := range d.FieldNames {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("{")
	for _, name := range names {
		f := v.FieldByName(d.FieldNames[name])
		if f.Kind() == reflect.Pointer && f.IsNil() {
			continue
		}
		if b.Len() > 1 {
			b.WriteString(",")
		}
		b.WriteString(strconv.Quote(name) + ":" + canon(f))
	}
	return b.String() + "}"
}

// canon writes a value with its kind: i5 an integer, f5 a float, "x" a
// string (also a []byte), true, [a,b] a slice, {"k":v} a map; nil a nil
// slice or map, null a nil pointer or interface. The parity test has a
// copy of it.
func canon(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Invalid:
		return "null"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "null"
		}
		return canon(v.Elem())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "i" + strconv.FormatInt(v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return "f" + strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return strconv.Quote(string(v.Bytes()))
		}
		if v.IsNil() {
			return "nil"
		}
		items := make([]string, v.Len())
		for i := range items {
			items[i] = canon(v.Index(i))
		}
		return "[" + strings.Join(items, ",") + "]"
	case reflect.Map:
		if v.IsNil() {
			return "nil"
		}
		var keys []string
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		items := make([]string, len(keys))
		for i, k := range keys {
			items[i] = strconv.Quote(k) + ":" + canon(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
		}
		return "{" + strings.Join(items, ",") + "}"
	}
	return fmt.Sprintf("<%s>", v.Kind())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "upstream:", err)
	os.Exit(1)
}
