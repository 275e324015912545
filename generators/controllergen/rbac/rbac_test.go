package rbac

import (
	"go/token"
	"reflect"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

func newRule(line int, gs, rs, vs []string) *rule {
	r := &rule{pos: token.Position{Filename: "m.go", Line: line}}
	r.lists[groups], r.lists[resources], r.lists[verbs] = gs, rs, vs
	return r
}

// TestMergeDropsAsControllerGen: after the groups pass, two rules can be
// alike but for their verbs. controller-gen keeps one of them by map
// order; kubegen keeps the same one every time, and warns of the other.
func TestMergeDropsAsControllerGen(t *testing.T) {
	l := func(s ...string) []string { return s }
	want := []rbacv1.PolicyRule{{APIGroups: l("apps", "batch"), Resources: l("x"), Verbs: l("list")}}
	for range 20 { // map order differs between runs
		rules := []*rule{
			newRule(1, l("apps", "batch"), l("x"), l("get")),
			newRule(2, l("apps"), l("x"), l("list")),
			newRule(3, l("batch"), l("x"), l("list")),
		}
		var warned []int
		got := merge(rules, func(dropped, kept *rule) { warned = append(warned, dropped.pos.Line, kept.pos.Line) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("merge = %+v, want %+v", got, want)
		}
		if !reflect.DeepEqual(warned, []int{1, 2}) {
			t.Fatalf("warned of (dropped, kept) lines %v, want [1 2]", warned)
		}
	}
}

// TestMergeKeepsDistinctRules: rules that no pass can join stay apart,
// sorted as controller-gen sorts them (by "groups + resources + names +
// urls" as text, so the core group "" first).
func TestMergeKeepsDistinctRules(t *testing.T) {
	l := func(s ...string) []string { return s }
	rules := []*rule{
		newRule(1, l("apps"), l("b"), l("get")),
		newRule(2, l(""), l("a"), l("get", "get", "*")),
		newRule(3, l("apps"), l("a"), l("list")),
	}
	got := merge(rules, func(dropped, kept *rule) { t.Errorf("dropped line %d", dropped.pos.Line) })
	want := []rbacv1.PolicyRule{
		{APIGroups: l(""), Resources: l("a"), Verbs: l("*")},
		{APIGroups: l("apps"), Resources: l("a"), Verbs: l("list")},
		{APIGroups: l("apps"), Resources: l("b"), Verbs: l("get")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("merge = %+v, want %+v", got, want)
	}
}
