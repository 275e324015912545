package apis_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubegen/kubegen/examples/apis/shop"
	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
)

// newShopScheme is a scheme with the shop group's internal version and
// v1, the way an API server installs them: types, conversions, defaults.
func newShopScheme(t *testing.T) *runtime.Scheme {
	t.Helper()
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{shop.AddToScheme, shopv1.AddToScheme} {
		if err := add(scheme); err != nil {
			t.Fatal(err)
		}
	}
	return scheme
}

// TestConversionRoundTrip fills v1 objects with random values, converts
// them to the internal version and back through the scheme, and requires
// the object it started with. Type metadata is left out: conversions do
// not carry it (the scheme sets it when encoding).
func TestConversionRoundTrip(t *testing.T) {
	scheme := newShopScheme(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, obj := range []runtime.Object{&shopv1.Store{}, &shopv1.StoreList{}, &shopv1.Product{}, &shopv1.ProductList{}} {
		typ := reflect.TypeOf(obj).Elem()
		for range 200 {
			orig := reflect.New(typ)
			fill(rng, orig.Elem(), 0)
			clearTypeMeta(orig.Elem())
			internal, err := scheme.New(shop.SchemeGroupVersion.WithKind(typ.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := scheme.Convert(orig.Interface(), internal, nil); err != nil {
				t.Fatalf("%v to internal: %v", typ, err)
			}
			back := reflect.New(typ).Interface()
			if err := scheme.Convert(internal, back, nil); err != nil {
				t.Fatalf("internal %v to v1: %v", typ, err)
			}
			if !reflect.DeepEqual(orig.Interface(), back) {
				t.Fatalf("%v changed on the way v1 → internal → v1:\n%#v\n%#v", typ, orig.Interface(), back)
			}
		}
	}
}

// TestConversionHandWritten: the fields that differ between v1 and the
// internal version take the hand-written conversions.
func TestConversionHandWritten(t *testing.T) {
	scheme := newShopScheme(t)
	in := &shopv1.Store{Spec: shopv1.StoreSpec{
		Coordinates: [2]float64{52.37, 4.89},
		Discounts:   []shopv1.Discount{&shopv1.PercentOff{Percent: 10, Only: []string{"shoes"}}, nil},
	}}
	out := &shop.Store{}
	if err := scheme.Convert(in, out, nil); err != nil {
		t.Fatal(err)
	}
	if want := (shop.GeoPoint{Latitude: 52.37, Longitude: 4.89}); out.Spec.Location != want {
		t.Errorf("location = %+v, want %+v", out.Spec.Location, want)
	}
	want := []shop.Discount{&shop.PercentOff{Percent: 10, Only: []string{"shoes"}}, nil}
	if !reflect.DeepEqual(out.Spec.Discounts, want) {
		t.Errorf("discounts = %#v, want %#v", out.Spec.Discounts, want)
	}
}

// TestDefaults: scheme.Default applies the +default tags of v1's fields
// and its hand-written SetDefaults_ functions, and keeps what is set.
func TestDefaults(t *testing.T) {
	scheme := newShopScheme(t)
	store := &shopv1.Store{ObjectMeta: metav1.ObjectMeta{Name: "corner"}}
	scheme.Default(store)
	if store.Spec.DisplayName != "corner" || store.Spec.Paused == nil || *store.Spec.Paused {
		t.Errorf("defaulted store spec: display name %q, paused %v", store.Spec.DisplayName, store.Spec.Paused)
	}
	paused := true
	store = &shopv1.Store{ObjectMeta: metav1.ObjectMeta{Name: "corner"}, Spec: shopv1.StoreSpec{DisplayName: "Corner Shop", Paused: &paused}}
	scheme.Default(store)
	if store.Spec.DisplayName != "Corner Shop" || !*store.Spec.Paused {
		t.Errorf("defaulting changed set fields: display name %q, paused %v", store.Spec.DisplayName, *store.Spec.Paused)
	}
	list := &shopv1.ProductList{Items: []shopv1.Product{{}, {Spec: shopv1.ProductSpec{Price: shopv1.Price{Currency: "USD"}}}}}
	scheme.Default(list)
	if got := []string{list.Items[0].Spec.Price.Currency, list.Items[1].Spec.Price.Currency}; got[0] != "EUR" || got[1] != "USD" {
		t.Errorf("defaulted currencies = %q, want [EUR USD]", got)
	}
}

var typeMetaType = reflect.TypeOf(metav1.TypeMeta{})

// clearTypeMeta zeroes every metav1.TypeMeta in v.
func clearTypeMeta(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			clearTypeMeta(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearTypeMeta(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == typeMetaType {
			v.SetZero()
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearTypeMeta(v.Field(i))
			}
		}
	}
}
