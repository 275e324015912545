package generated_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/kube-openapi/pkg/builder"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kube-openapi/pkg/validation/strfmt"
	"k8s.io/kube-openapi/pkg/validation/validate"

	"github.com/kubegen/kubegen/examples/generated/openapi"
)

var refPattern = regexp.MustCompile(`"\$ref":"([^"]*)"`)

// requireRefs fails unless every $ref in doc names a key of defs under
// prefix; it returns how many there are.
func requireRefs[V any](t *testing.T, what string, doc any, prefix string, defs map[string]V) int {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	refs := refPattern.FindAllStringSubmatch(string(b), -1)
	for _, m := range refs {
		if _, ok := defs[strings.TrimPrefix(m[1], prefix)]; !ok || !strings.HasPrefix(m[1], prefix) {
			t.Errorf("%s: dangling $ref %q", what, m[1])
		}
	}
	return len(refs)
}

// TestOpenAPIDocuments builds OpenAPI v2 and v3 documents from the
// example's generated definitions with kube-openapi's builders: every
// example kind is there, every $ref resolves, and objects validate
// against a schema as the Go types say (required fields, types).
func TestOpenAPIDocuments(t *testing.T) {
	var names []string
	for name := range openapi.GetOpenAPIDefinitions(func(path string) spec.Ref { return spec.MustCreateRef(path) }) {
		names = append(names, name)
	}
	slices.Sort(names)
	const store = "com.github.kubegen.kubegen.examples.apis.shop.v1.Store"
	for _, want := range []string{store, "com.github.kubegen.kubegen.examples.apis.fleet.v1alpha1.Cluster", "com.github.kubegen.kubegen.examples.apis.shop.v1beta1.Store"} {
		if !slices.Contains(names, want) {
			t.Fatalf("no definition %s among %d", want, len(names))
		}
	}
	info := &spec.Info{InfoProps: spec.InfoProps{Title: "shop", Version: "v1"}}

	v2, err := builder.BuildOpenAPIDefinitionsForResources(&common.Config{Info: info, GetDefinitions: openapi.GetOpenAPIDefinitions}, names...)
	if err != nil {
		t.Fatal(err)
	}
	refs := requireRefs(t, "v2", v2, "#/definitions/", v2.Definitions)
	v3, err := builder3.BuildOpenAPIDefinitionsForResources(&common.OpenAPIV3Config{Info: info, GetDefinitions: openapi.GetOpenAPIDefinitions}, names...)
	if err != nil {
		t.Fatal(err)
	}
	requireRefs(t, "v3", v3, "#/components/schemas/", v3)
	if refs == 0 || len(v3) != len(v2.Definitions) {
		t.Errorf("v2: %d definitions, %d refs; v3: %d schemas", len(v2.Definitions), refs, len(v3))
	}

	// Objects against a schema without refs: required fields and types.
	schema := v2.Definitions["com.github.kubegen.kubegen.examples.apis.shop.v1.Address"]
	for _, c := range []struct {
		obj   string
		valid bool
	}{
		{`{"street": "Unter den Linden 1", "city": "Berlin", "country": "DE"}`, true},
		{`{"street": "Unter den Linden 1", "city": "Berlin"}`, false},           // country is required
		{`{"street": "Unter den Linden 1", "city": 7, "country": "DE"}`, false}, // a number for a string
	} {
		var obj any
		if err := json.Unmarshal([]byte(c.obj), &obj); err != nil {
			t.Fatal(err)
		}
		err := validate.AgainstSchema(&schema, obj, strfmt.Default)
		if (err == nil) != c.valid {
			t.Errorf("Address %s: valid=%v, want %v (%v)", c.obj, err == nil, c.valid, err)
		}
	}
}
