// Command wirecheck is the program of the conformance test's protobuf wire
// check (protobufwire_test.go). The test writes it, with a types.go listing
// every protobuf type (wireTypes), into a module of its own and builds it
// twice: against the shipped k8s.io/api and k8s.io/apimachinery, and
// against regenerated ones. Both builds must print the same lines.
//
// For every type and seed it prints
//
//	<import path>.<Type> <seed> <length> <sha256 of Marshal()>
//
// Seed 0 is the zero value; seeds 1 to 3 are filled by randfill from a
// source seeded with the type's name and the seed (so the objects depend on
// neither the build nor the order of the list). Each object is then
// unmarshaled into a fresh one, which must marshal to the same bytes and be
// semantically equal (apimachinery's equality.Semantic: nil and empty
// slices and maps are equal); otherwise, or when Marshal or Unmarshal fails
// or panics, it prints a line starting "ERROR".
//
// With -dump <import path>.<Type> <seed> it prints only that object's bytes,
// in hex.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strconv"
	"time"

	"sigs.k8s.io/randfill"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/diff"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// wireObject is what the generated code provides.
type wireObject interface {
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

type wireType struct {
	name string
	new  func() wireObject
}

// seeds is the number of objects per type: the zero value and the filled
// ones.
const seeds = 4

func main() {
	if len(os.Args) == 4 && os.Args[1] == "-dump" {
		dump(os.Args[2], os.Args[3])
		return
	}
	out := &bytes.Buffer{}
	for _, t := range wireTypes {
		for seed := range seeds {
			check(out, t, seed)
		}
	}
	os.Stdout.Write(out.Bytes())
}

// dump prints the bytes of one object in hex and, if it does not come back
// equal from them, how it differs.
func dump(name, seedArg string) {
	seed, err := strconv.Atoi(seedArg)
	i := slices.IndexFunc(wireTypes, func(t wireType) bool { return t.name == name })
	if err != nil || i < 0 {
		fmt.Fprintf(os.Stderr, "no type %s or bad seed %s\n", name, seedArg)
		os.Exit(2)
	}
	obj := object(wireTypes[i], seed)
	data, err := marshal(obj)
	if err != nil {
		fmt.Println("ERROR Marshal:", err)
		return
	}
	fmt.Println(hex.EncodeToString(data))
	back := wireTypes[i].new()
	if err := back.Unmarshal(data); err != nil {
		fmt.Println("ERROR Unmarshal:", err)
	} else if !equality.Semantic.DeepEqual(obj, back) {
		fmt.Println(diff.Diff(obj, back))
	}
}

// object returns the type's object for seed.
func object(t wireType, seed int) wireObject {
	obj := t.new()
	if seed == 0 {
		return obj
	}
	f := filler(t.name, seed)
	switch obj.(type) {
	case *metav1.TypeMeta, *kruntime.TypeMeta:
		f.FillNoCustom(obj) // blanked where embedded, not on its own
	default:
		f.Fill(obj)
	}
	return obj
}

func check(out *bytes.Buffer, t wireType, seed int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(out, "ERROR %s %d: panic: %v\n", t.name, seed, r)
		}
	}()
	obj := object(t, seed)
	data, err := marshal(obj)
	if err != nil {
		fmt.Fprintf(out, "ERROR %s %d: Marshal: %v\n", t.name, seed, err)
		return
	}
	fmt.Fprintf(out, "%s %d %d %x\n", t.name, seed, len(data), sha256.Sum256(data))
	back := t.new()
	if err := back.Unmarshal(data); err != nil {
		fmt.Fprintf(out, "ERROR %s %d: Unmarshal: %v\n", t.name, seed, err)
		return
	}
	again, err := marshal(back)
	if err != nil {
		fmt.Fprintf(out, "ERROR %s %d: Marshal after Unmarshal: %v\n", t.name, seed, err)
		return
	}
	if !bytes.Equal(again, data) {
		fmt.Fprintf(out, "ERROR %s %d: Marshal after Unmarshal gives other bytes (%d, not %d)\n", t.name, seed, len(again), len(data))
	}
	if !equality.Semantic.DeepEqual(obj, back) {
		fmt.Fprintf(out, "ERROR %s %d: Unmarshal gives another object\n", t.name, seed)
	}
}

// marshal calls Marshal, turning a panic into an error.
func marshal(obj wireObject) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return obj.Marshal()
}

// filler returns the filler of a type's seed. The seeds differ in how
// full the objects are: everything set with one element per list and map,
// half the optional fields set with up to two, most set with up to three.
// Every type that is not recursive is filled completely within the depth.
func filler(name string, seed int) *randfill.Filler {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", name, seed)
	f := randfill.NewWithSeed(int64(h.Sum64())).MaxDepth(30).Funcs(fillFuncs...)
	switch seed % 3 {
	case 1:
		nilChance = 0
		f.NilChance(0).NumElements(1, 1)
	case 2:
		nilChance = .5
		f.NilChance(.5).NumElements(0, 2)
	default:
		nilChance = .2
		f.NilChance(.2).NumElements(1, 3)
	}
	return f
}

// nilChance is the filler's, for the fill funcs of pointers: randfill
// always allocates what a fill func fills.
var nilChance float64

// optional fills a pointer to a type with a fill func, or leaves it nil.
func optional[T any](p **T, c randfill.Continue) {
	if c.Float64() < nilChance {
		*p = nil
		return
	}
	*p = new(T)
	c.Fill(*p)
}

// fillFuncs fill the types whose Go fields are not their wire form, or
// that do not come back equal from the wire when filled field by field.
var fillFuncs = []any{
	// A Quantity goes on the wire as its canonical string, and comes back
	// as what that parses to: values of BinarySI only exist as multiples
	// of a power of 1024, and not every other value keeps its format.
	func(q *resource.Quantity, c randfill.Continue) {
		switch c.Intn(5) {
		case 0:
			*q = *resource.NewQuantity(c.Int63n(1000), resource.DecimalSI)
		case 1:
			*q = *resource.NewQuantity(c.Int63n(1024)<<(10*c.Intn(5)), resource.BinarySI)
		case 2:
			*q = *resource.NewMilliQuantity(c.Int63n(1e6), resource.DecimalSI)
		case 3:
			*q = *resource.NewScaledQuantity(c.Int63n(1e4), resource.Scale(3*c.Intn(7)-9))
		default:
			*q = *resource.NewScaledQuantity(c.Int63n(1e4), resource.Scale(3*c.Intn(7)-9))
			q.Format = resource.DecimalExponent
		}
	},
	// A nil value of a map of bytes is left out of the wire and comes back
	// as an empty one, which is not.
	func(m *map[string][]byte, c randfill.Continue) {
		c.FillNoCustom(m)
		for k, v := range *m {
			if v == nil {
				(*m)[k] = []byte{}
			}
		}
	},
	// Time goes on the wire in whole seconds, MicroTime in microseconds.
	func(t *metav1.Time, c randfill.Continue) {
		*t = metav1.Unix(c.Int63n(1000*365*24*3600), 0)
	},
	func(t *metav1.MicroTime, c randfill.Continue) {
		*t = metav1.NewMicroTime(time.Unix(c.Int63n(1000*365*24*3600), c.Int63n(1e6)*1e3))
	},
	func(v *intstr.IntOrString, c randfill.Continue) {
		if c.Bool() {
			*v = intstr.FromInt32(int32(c.Uint32()))
		} else {
			*v = intstr.FromString(c.String(0))
		}
	},
	// Object is not on the wire (and randfill cannot fill an interface);
	// Raw is some JSON, or nil.
	func(r *kruntime.RawExtension, c randfill.Continue) {
		r.Object = nil
		r.Raw = nil
		if c.Intn(4) != 0 {
			r.Raw = fmt.Appendf(nil, `{"apiVersion":"v1","kind":%q}`, c.String(0))
		}
	},
	// FieldsV1 may hold its bytes in an unexported field (build tag
	// fieldsv1string).
	func(f *metav1.FieldsV1, c randfill.Continue) {
		f.SetRawString(fmt.Sprintf(`{%s:{}}`, strconv.Quote("f:"+c.String(0))))
	},
	// TypeMeta is embedded in the objects but not on the wire.
	func(t *metav1.TypeMeta, c randfill.Continue) {
		*t = metav1.TypeMeta{}
	},
	// Pointers to the types above: randfill would always set them.
	optional[resource.Quantity],
	optional[metav1.Time],
	optional[metav1.MicroTime],
	optional[intstr.IntOrString],
	optional[kruntime.RawExtension],
	optional[metav1.FieldsV1],
	// NoHeaders is not on the wire.
	func(o *metav1.TableOptions, c randfill.Continue) {
		c.FillNoCustom(o)
		o.NoHeaders = false
	},
}
