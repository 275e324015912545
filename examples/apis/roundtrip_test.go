// Package apis_test exercises the example API's generated code.
package apis_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	fleetv1alpha1 "github.com/kubegen/kubegen/examples/apis/fleet/v1alpha1"
	"github.com/kubegen/kubegen/examples/apis/shop"
	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
	shopv1beta1 "github.com/kubegen/kubegen/examples/apis/shop/v1beta1"
)

// roots are the kinds of every example version; every type with a
// generated DeepCopy is reachable from them or listed in extra.
var roots = []runtime.Object{
	&shopv1.Store{}, &shopv1.StoreList{}, &shopv1.Product{}, &shopv1.ProductList{},
	&shopv1beta1.Store{}, &shopv1beta1.StoreList{},
	&fleetv1alpha1.Cluster{}, &fleetv1alpha1.ClusterList{},
	&shop.Store{}, &shop.StoreList{}, &shop.Product{}, &shop.ProductList{},
}

// extra are generated types not reachable from a kind's fields.
var extra = []any{&shopv1.PercentOff{}, &shop.PercentOff{}}

// TestDeepCopyRoundTrip fills every field of every generated type with
// random values, deep-copies it, and requires an equal value that shares
// no memory with the original.
func TestDeepCopyRoundTrip(t *testing.T) {
	types := map[reflect.Type]bool{}
	for _, r := range roots {
		collect(reflect.TypeOf(r).Elem(), types)
	}
	for _, e := range extra {
		collect(reflect.TypeOf(e).Elem(), types)
	}
	tested := map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for typ := range types {
		method, ok := reflect.PointerTo(typ).MethodByName("DeepCopy")
		if !ok || !strings.HasPrefix(typ.PkgPath(), "github.com/kubegen/kubegen/examples/") {
			continue
		}
		tested[typ.PkgPath()+"."+typ.Name()] = true
		for range 50 {
			orig := reflect.New(typ)
			fill(rng, orig.Elem(), 0)
			var copied reflect.Value
			if typ.Kind() == reflect.Map || typ.Kind() == reflect.Slice {
				copied = method.Func.Call([]reflect.Value{orig})[0] // named map or slice: DeepCopy returns a value
			} else {
				copied = method.Func.Call([]reflect.Value{orig})[0].Elem()
			}
			if !reflect.DeepEqual(orig.Elem().Interface(), copied.Interface()) {
				t.Fatalf("%v: DeepCopy is not equal to the original:\n%#v\n%#v", typ, orig.Elem().Interface(), copied.Interface())
			}
			if path := shared(orig.Elem(), copied, typ.String()); path != "" {
				t.Fatalf("%v: DeepCopy shares memory with the original at %s", typ, path)
			}
		}
	}
	for _, want := range generatedTypes(t) {
		if !tested[want] {
			t.Errorf("%s has a generated DeepCopy but the round-trip test never reached it: add it to roots or extra", want)
		}
	}
	t.Logf("round-tripped %d types", len(tested))
}

// TestRuntimeObjects checks the DeepCopyObject methods the interfaces tag
// asked for.
func TestRuntimeObjects(t *testing.T) {
	for _, r := range roots {
		c := r.DeepCopyObject()
		if reflect.TypeOf(c) != reflect.TypeOf(r) || !reflect.DeepEqual(c, r) {
			t.Errorf("%T.DeepCopyObject() = %#v", r, c)
		}
	}
	var d shopv1.Discount = &shopv1.PercentOff{Percent: 10, Only: []string{"shoes"}}
	c := d.DeepCopyDiscount()
	if !reflect.DeepEqual(c, d) || c.(*shopv1.PercentOff) == d.(*shopv1.PercentOff) {
		t.Errorf("DeepCopyDiscount() = %#v", c)
	}
}

// TestExamplesVet runs go vet on the example API, generated code included.
func TestExamplesVet(t *testing.T) {
	cmd := exec.Command("go", "vet", "./...")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet ./examples/apis/...: %v\n%s", err, out)
	}
}

// TestExamplesUpToDate runs hack/verify-codegen.sh: the committed
// generated code must be what the generators produce now.
func TestExamplesUpToDate(t *testing.T) {
	cmd := exec.Command("bash", "../../hack/verify-codegen.sh")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("hack/verify-codegen.sh: %v\n%s\nrun hack/update-codegen.sh", err, out)
	}
}

// collect adds t and every named type reachable through its fields.
func collect(t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		collect(t.Elem(), seen)
	case reflect.Map:
		collect(t.Key(), seen)
		collect(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			collect(t.Field(i).Type, seen)
		}
	}
}

var (
	quantityType = reflect.TypeOf(resource.Quantity{})
	timeType     = reflect.TypeOf(metav1.Time{})
	discountType = reflect.TypeOf((*shopv1.Discount)(nil)).Elem()
)

// fill sets v to a random value; nil, empty and set are all likely.
func fill(rng *rand.Rand, v reflect.Value, depth int) {
	switch v.Type() {
	case quantityType:
		v.Set(reflect.ValueOf(*resource.NewQuantity(rng.Int64N(1000), resource.DecimalSI)))
		return
	case timeType:
		v.Set(reflect.ValueOf(metav1.Unix(rng.Int64N(1<<31), 0)))
		return
	case discountType:
		if rng.IntN(3) > 0 {
			p := &shopv1.PercentOff{}
			fill(rng, reflect.ValueOf(p).Elem(), depth+1)
			v.Set(reflect.ValueOf(p))
		}
		return
	}
	if depth > 6 {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(rng.Int64N(100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rng.Uint64N(100))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(rng.IntN(1000)) / 8)
	case reflect.String:
		v.SetString(string(rune('a' + rng.IntN(26))))
	case reflect.Pointer:
		if rng.IntN(4) > 0 {
			p := reflect.New(v.Type().Elem())
			fill(rng, p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if n := rng.IntN(4) - 1; n >= 0 {
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fill(rng, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		if n := rng.IntN(4) - 1; n >= 0 {
			m := reflect.MakeMapWithSize(v.Type(), n)
			for range n {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(rng, k, depth+1)
				fill(rng, e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(rng, v.Index(i), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rng, v.Field(i), depth+1)
			}
		}
	}
}

// shared returns the path of the first pointer, map or slice that a and b
// share, or "".
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return ""
		}
		if a.Kind() == reflect.Pointer && a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), "(*"+path+")")
	case reflect.Map:
		if a.Len() == 0 {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		for _, k := range a.MapKeys() {
			if p := shared(a.MapIndex(k), b.MapIndex(k), path+"[key]"); p != "" {
				return p
			}
		}
	case reflect.Slice:
		if a.Len() == 0 {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[i]"); p != "" {
				return p
			}
		}
	case reflect.Array:
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[i]"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// generatedTypes lists "importpath.Type" for every DeepCopy method in the
// examples' generated files (versioned and internal packages).
func generatedTypes(t *testing.T) []string {
	internal, _ := filepath.Glob("*/zz_generated.deepcopy.go")
	versioned, _ := filepath.Glob("*/*/zz_generated.deepcopy.go")
	files := slices.Concat(internal, versioned)
	if len(files) == 0 {
		t.Fatal("no generated deepcopy files found")
	}
	var names []string
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg := "github.com/kubegen/kubegen/examples/apis/" + filepath.ToSlash(filepath.Dir(f))
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "DeepCopy" {
				continue
			}
			recv := fd.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			names = append(names, pkg+"."+recv.(*ast.Ident).Name)
		}
	}
	slices.Sort(names)
	return names
}
