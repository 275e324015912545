// Package rules holds the API rules that openapi-gen checks the types it
// writes definitions for against, with the names and verdicts of
// kube-openapi's rules (k8s.io/kube-openapi/pkg/generators/rules):
//
//	names_match                      Go and JSON field names differ by more than the
//	                                 first letter's case, or contain "_" or "-"
//	omitempty_match_case             "omitempty" spelled in another case
//	list_type_missing                a list field without +listType (list types'
//	                                 Items must have none)
//	streaming_list_type_field_order  a list type's TypeMeta, ListMeta, Items out of order
//	streaming_list_type_json_tags    … with other json tags than inline, "metadata,omitempty", "items"
//	streaming_list_type_proto_tags   … with other protobuf tags than 1 "metadata", 2 "items"
package rules

import (
	"reflect"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// Violation is one field of one type that breaks a rule.
type Violation struct {
	Rule, Package, Type, Field string
}

// String is the report line, as upstream prints it.
func (v Violation) String() string {
	return "API rule violation: " + v.Rule + "," + v.Package + "," + v.Type + "," + v.Field
}

type rule struct {
	name  string
	check func(t *model.Type) []string
}

var all = []rule{
	{"names_match", namesMatch},
	{"omitempty_match_case", omitemptyMatchCase},
	{"list_type_missing", listTypeMissing},
	{"streaming_list_type_field_order", streamingFieldOrder},
	{"streaming_list_type_json_tags", streamingJSONTags},
	{"streaming_list_type_proto_tags", streamingProtoTags},
}

// Check returns the violations of t.
func Check(t *model.Type) []Violation {
	var out []Violation
	if t.Kind != model.Struct {
		return nil
	}
	for _, r := range all {
		for _, f := range r.check(t) {
			out = append(out, Violation{r.name, t.Name.Package, t.Name.Name, f})
		}
	}
	return out
}

// Sort orders violations by rule, package, type and field.
func Sort(vs []Violation) {
	slices.SortFunc(vs, func(a, b Violation) int {
		return strings.Compare(a.Rule+"\x00"+a.Package+"\x00"+a.Type+"\x00"+a.Field,
			b.Rule+"\x00"+b.Package+"\x00"+b.Type+"\x00"+b.Field)
	})
}

func namesMatch(t *model.Type) []string {
	var out []string
	for _, m := range t.Members {
		tag, ok := reflect.StructTag(m.Tag).Lookup("json")
		switch {
		case !ok:
			out = append(out, m.Name)
		case tag == "-":
		default:
			name, _, _ := strings.Cut(tag, ",")
			if !nameOK(&m, name) {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

func nameOK(m *model.Member, jsonName string) bool {
	if jsonName == "" {
		return m.Type.Kind == model.Struct || m.Type.Kind == model.Pointer && m.Type.Elem.Kind == model.Struct
	}
	switch m.Type.Name.String() {
	case "k8s.io/apimachinery/pkg/apis/meta/v1.ListMeta", "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta":
		return jsonName == "metadata"
	}
	return camelMatch(m.Name, jsonName)
}

// camelMatch: the names are equal but for the case of their first
// letters (or of the leading run of capitals, "HTTPSpec"/"httpSpec").
func camelMatch(goName, jsonName string) bool {
	if strings.ContainsAny(goName, "_-") || strings.ContainsAny(jsonName, "_-") ||
		!strings.EqualFold(goName, jsonName) || !isCapital(goName[0]) || isCapital(jsonName[0]) {
		return false
	}
	for i := range len(goName) {
		if goName[i] == jsonName[i] {
			return goName[i:] == jsonName[i:] && (i == 1 || isCapital(goName[i]))
		}
	}
	return true
}

func isCapital(b byte) bool { return 'A' <= b && b <= 'Z' }

func omitemptyMatchCase(t *model.Type) []string {
	var out []string
	for _, m := range t.Members {
		tag, ok := reflect.StructTag(m.Tag).Lookup("json")
		parts := strings.Split(tag, ",")
		if !ok || len(parts) < 2 || parts[0] == "-" {
			continue
		}
		for _, p := range parts[1:] {
			if strings.EqualFold(p, "omitempty") && p != "omitempty" {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

// hasListType reports whether comment lines carry a +listType tag (any
// value), read as upstream reads tags.
func hasListType(lines []model.Line) bool {
	for _, l := range lines {
		s := strings.Trim(l.Text, " ")
		if key, _, _ := strings.Cut(strings.TrimPrefix(s, "+"), "="); strings.HasPrefix(s, "+") && key == "listType" {
			return true
		}
	}
	return false
}

func listTypeMissing(t *model.Type) []string {
	var out []string
	for _, m := range t.Members {
		has := hasListType(m.Doc.Lines)
		if m.Name == "Items" && m.Type.Kind == model.Slice && hasMember(t, "ListMeta") {
			if has {
				out = append(out, m.Name)
			}
			continue
		}
		if m.Type.Kind == model.Slice && m.Type.Elem.Name != (model.Name{Name: "byte"}) && !has {
			out = append(out, m.Name)
		}
	}
	return out
}

func hasMember(t *model.Type, name string) bool {
	return slices.ContainsFunc(t.Members, func(m model.Member) bool { return m.Name == name })
}

func isListType(t *model.Type) bool {
	return len(t.Members) == 3 && hasMember(t, "TypeMeta") && hasMember(t, "ListMeta") && hasMember(t, "Items")
}

func streamingFieldOrder(t *model.Type) []string {
	if !isListType(t) {
		return nil
	}
	var out []string
	for i, want := range []string{"TypeMeta", "ListMeta", "Items"} {
		if t.Members[i].Name != want {
			out = append(out, want)
		}
	}
	return out
}

func streamingJSONTags(t *model.Type) []string {
	if !isListType(t) {
		return nil
	}
	var out []string
	for _, m := range t.Members {
		tag, ok := reflect.StructTag(m.Tag).Lookup("json")
		switch m.Name {
		case "TypeMeta":
			if !m.Embedded || !ok || tag != "" && tag != ",inline" {
				out = append(out, m.Name)
			}
		case "ListMeta":
			if tag != "metadata,omitempty" {
				out = append(out, m.Name)
			}
		case "Items":
			if tag != "items" {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

func streamingProtoTags(t *model.Type) []string {
	if !isListType(t) {
		return nil
	}
	want := map[string]string{"TypeMeta": "", "ListMeta": "bytes,1,opt,name=metadata", "Items": "bytes,2,rep,name=items"}
	var out []string
	for _, m := range t.Members {
		w, checked := want[m.Name]
		if v := reflect.StructTag(m.Tag).Get("protobuf"); checked && v != "" && v != w {
			out = append(out, m.Name)
		}
	}
	return out
}
