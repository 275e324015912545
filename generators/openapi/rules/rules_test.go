package rules

import "testing"

// TestCamelMatch: the examples kube-openapi's names_match documents.
func TestCamelMatch(t *testing.T) {
	for _, c := range []struct {
		goName, jsonName string
		want             bool
	}{
		{"PodSpec", "podSpec", true},
		{"PodSpec", "PodSpec", false},
		{"podSpec", "podSpec", false},
		{"PodSpec", "spec", false},
		{"Spec", "podSpec", false},
		{"JSONSpec", "jsonSpec", true},
		{"JSONSpec", "jsonspec", false},
		{"HTTPJSONSpec", "httpJSONSpec", true},
		{"HTTPJSONSpec", "httpjsonSpec", true},
		{"Pod_Spec", "pod_Spec", false},
		{"A", "a", true},
	} {
		if got := camelMatch(c.goName, c.jsonName); got != c.want {
			t.Errorf("camelMatch(%q, %q) = %v, want %v", c.goName, c.jsonName, got, c.want)
		}
	}
}
