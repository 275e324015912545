// Command crdcheck checks CustomResourceDefinition manifests the way a
// kube-apiserver would check them on create: testkit.CheckCRDs builds it
// (in a throwaway module, against k8s.io/apiextensions-apiserver) and runs
// it on the CRD files a test generated.
//
//	crdcheck FILE...
//
// Each file is YAML as controller-gen writes it: an optional header of
// comments, then "---"-separated documents, each one
// apiextensions.k8s.io/v1 CustomResourceDefinition. For each document it
//
//   - converts the YAML to JSON, rejecting duplicate keys (a YAML error
//     names the line of the file);
//   - decodes it into the v1 type, case-sensitively, and rejects every
//     field the type has no place for, at any depth (the schemas under
//     items, additionalProperties, not, allOf… too, which the types'
//     own UnmarshalJSON methods decode leniently);
//   - applies the v1 defaults and converts it to the internal type through
//     the apiextensions scheme, and prepares it as the apiserver's create
//     strategy does (status cleared, the storage version stored);
//   - runs validation.ValidateCustomResourceDefinition: names, versions,
//     structural schema rules, defaults (pruned, valid), list and map
//     types, x-kubernetes-validations CEL rules compiled with their cost
//     limits, and so on.
//
// It also rejects a file with no CRD, a document of another kind, and a
// CRD name given twice. Every error is one line on stdout (its own further
// lines, as a CEL error's excerpt of the rule, indented under it),
// "FILE: CRD: PATH: message", PATH as the apiserver reports it, except
// that a path in a per-version field that the conversion moved to the
// spec (spec.validation…, as all versions have the same schema) is given
// as the field of the v1 document (spec.versions[0].schema…, or
// spec.versions[*].schema… for several versions); the last
// line is "crdcheck: N CRDs in M files, K rejected". It exits 1 when it
// rejected anything, 2 on a usage or I/O error.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

var scheme = runtime.NewScheme()

func init() { install.Install(scheme) }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: crdcheck FILE...")
		os.Exit(2)
	}
	var total, rejected int
	seen := map[string]string{} // CRD name → the file that has it
	for _, file := range os.Args[1:] {
		content, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "crdcheck:", err)
			os.Exit(2)
		}
		n, bad := checkFile(file, content, seen)
		total += n
		rejected += bad
	}
	fmt.Printf("crdcheck: %d CRDs in %d files, %d rejected\n", total, len(os.Args)-1, rejected)
	if rejected > 0 {
		os.Exit(1)
	}
}

// checkFile checks the documents of one file, prints their errors and
// returns how many CRDs it holds and how many of them (or of its other
// documents) it rejected.
func checkFile(file string, content []byte, seen map[string]string) (crds, rejected int) {
	docs, err := splitDocuments(content)
	if err != nil {
		fmt.Printf("%s: %v\n", file, err)
		return 0, 1
	}
	for _, doc := range docs {
		errs, name, isCRD, empty := checkDocument(doc.data)
		if empty {
			continue
		}
		if isCRD {
			crds++
			if prev, ok := seen[name]; ok && name != "" {
				errs = append(errs, fmt.Sprintf("metadata.name: Duplicate value: %q: also defined in %s", name, prev))
			} else {
				seen[name] = file
			}
		}
		if len(errs) > 0 {
			rejected++
			what := name
			if what == "" {
				what = fmt.Sprintf("the document at line %d", doc.line)
			}
			for _, e := range errs {
				// One error a line; an error's own further lines (a CEL
				// error's excerpt) indented under it.
				fmt.Printf("%s: %s: %s\n", file, what, strings.ReplaceAll(strings.TrimRight(e, "\n"), "\n", "\n    "))
			}
		}
	}
	if crds == 0 && rejected == 0 {
		fmt.Printf("%s: no CustomResourceDefinition in the file\n", file)
		rejected++
	}
	return crds, rejected
}

type document struct {
	data []byte
	line int // of its first line in the file
}

// splitDocuments splits a YAML stream at its "---" lines, as
// k8s.io/apimachinery's YAMLReader does (only a comment may follow the
// separator), keeping where each document starts. A YAML error's line in
// a document is made a line of the file: the document is preceded by as
// many empty lines as the file has before it.
func splitDocuments(content []byte) ([]document, error) {
	var docs []document
	var cur []byte
	start := 1
	lines := bytes.SplitAfter(content, []byte("\n"))
	for i, line := range lines {
		if rest, ok := bytes.CutPrefix(line, []byte("---")); ok {
			if t := bytes.TrimSpace(rest); len(t) > 0 && t[0] != '#' {
				return nil, fmt.Errorf("line %d: invalid YAML document separator: %s", i+1, t)
			}
			if len(cur) > 0 {
				docs = append(docs, document{cur, start})
			}
			cur, start = nil, i+2
			continue
		}
		if len(cur) == 0 {
			// Pad with empty lines, so that YAML errors name lines of the file.
			cur = append(cur, bytes.Repeat([]byte("\n"), start-1)...)
		}
		cur = append(cur, line...)
	}
	if len(bytes.TrimSpace(cur)) > 0 {
		docs = append(docs, document{cur, start})
	}
	return docs, nil
}

// checkDocument checks one YAML document. It returns its errors, the CRD's
// name, whether it is a CRD at all, and whether it is empty (nothing but
// comments), which is no error.
func checkDocument(data []byte) (errs []string, name string, isCRD, empty bool) {
	j, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		// Name the CRD if a lenient reading can.
		var meta struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if yaml.Unmarshal(data, &meta) == nil {
			name = meta.Metadata.Name
		}
		return []string{"YAML: " + strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")}, name, meta.Kind == "CustomResourceDefinition", false
	}
	if t := bytes.TrimSpace(j); len(t) == 0 || string(t) == "null" {
		return nil, "", false, true
	}
	var raw any
	if err := json.Unmarshal(j, &raw); err != nil {
		return []string{"JSON: " + err.Error()}, "", false, false
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("the document is a %T, not an object", raw)}, "", false, false
	}
	if md, ok := obj["metadata"].(map[string]any); ok {
		name, _ = md["name"].(string)
	}
	if obj["apiVersion"] != "apiextensions.k8s.io/v1" || obj["kind"] != "CustomResourceDefinition" {
		return []string{fmt.Sprintf("apiVersion %v, kind %v: want an apiextensions.k8s.io/v1 CustomResourceDefinition", obj["apiVersion"], obj["kind"])}, name, false, false
	}

	var crd apiextensionsv1.CustomResourceDefinition
	if err := kjson.UnmarshalCaseSensitivePreserveInts(j, &crd); err != nil {
		return []string{"decoding: " + err.Error()}, name, true, false
	}
	for _, path := range unknownFields(raw, reflect.TypeOf(crd), "") {
		errs = append(errs, fmt.Sprintf("%s: unknown field", path))
	}

	scheme.Default(&crd)
	var internal apiextensions.CustomResourceDefinition
	if err := scheme.Convert(&crd, &internal, nil); err != nil {
		return append(errs, "converting to the internal version: "+err.Error()), name, true, false
	}
	// As the apiserver's create strategy (PrepareForCreate) does.
	internal.Status = apiextensions.CustomResourceDefinitionStatus{}
	internal.Generation = 1
	for _, v := range internal.Spec.Versions {
		if v.Storage {
			internal.Status.StoredVersions = append(internal.Status.StoredVersions, v.Name)
			break
		}
	}
	for _, e := range validation.ValidateCustomResourceDefinition(context.Background(), &internal) {
		e.Field = versionPath(e.Field, len(crd.Spec.Versions))
		errs = append(errs, e.Error())
	}
	return errs, name, true, false
}

// lifted are the per-version fields that the conversion to the internal
// version moves to the spec when all versions have the same value (the
// apiserver's errors then name them there: "spec.validation…").
var lifted = map[string]string{
	"spec.validation":               "schema",
	"spec.subresources":             "subresources",
	"spec.additionalPrinterColumns": "additionalPrinterColumns",
	"spec.selectableFields":         "selectableFields",
}

// versionPath turns the path of an error in a lifted field back into the
// path of the field in the v1 document: spec.versions[0].schema… with one
// version, spec.versions[*].schema… when all versions have it.
func versionPath(path string, versions int) string {
	for top, field := range lifted {
		rest, ok := strings.CutPrefix(path, top)
		if !ok || (rest != "" && rest[0] != '.' && rest[0] != '[') {
			continue
		}
		index := "*"
		if versions == 1 {
			index = "0"
		}
		return "spec.versions[" + index + "]." + field + rest
	}
	return path
}

var (
	typeJSON        = reflect.TypeOf(apiextensionsv1.JSON{})
	typeProps       = reflect.TypeOf(apiextensionsv1.JSONSchemaProps{})
	typePropsOrArr  = reflect.TypeOf(apiextensionsv1.JSONSchemaPropsOrArray{})
	typePropsOrBool = reflect.TypeOf(apiextensionsv1.JSONSchemaPropsOrBool{})
	typePropsOrStrs = reflect.TypeOf(apiextensionsv1.JSONSchemaPropsOrStringArray{})
	unmarshaler     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

// unknownFields walks the decoded JSON value v along the Go type t it was
// decoded into and returns the path of every object key that t has no
// field for (json tags, case-sensitive, inline structs followed). The
// union types of JSON schemas are followed by the shape of the value, as
// their UnmarshalJSON methods do; a JSON (default, example, enum values)
// takes anything.
func unknownFields(v any, t reflect.Type, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case typeJSON:
		return nil
	case typePropsOrArr:
		if _, ok := v.([]any); ok {
			return unknownFields(v, reflect.TypeOf([]apiextensionsv1.JSONSchemaProps{}), path)
		}
		return unknownFields(v, typeProps, path)
	case typePropsOrBool:
		return unknownFields(v, typeProps, path) // a bool is no object: nothing to check
	case typePropsOrStrs:
		if _, ok := v.([]any); ok {
			return nil
		}
		return unknownFields(v, typeProps, path)
	}
	if t != typeProps && reflect.PointerTo(t).Implements(unmarshaler) {
		return nil // decoded by its own rules (a time, a quantity)
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				out = append(out, join(path, k))
				continue
			}
			out = append(out, unknownFields(obj[k], ft, join(path, k))...)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, unknownFields(obj[k], t.Elem(), fmt.Sprintf("%s[%s]", path, k))...)
		}
	case reflect.Slice, reflect.Array:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		for i, e := range arr {
			out = append(out, unknownFields(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// jsonFields returns the JSON names of a struct type's fields, inline and
// embedded structs flattened, with their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if name == "" && ft.Kind() == reflect.Struct && (f.Anonymous || strings.Contains(","+opts+",", ",inline,")) {
			for k, v := range jsonFields(ft) {
				if _, ok := fields[k]; !ok {
					fields[k] = v
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
