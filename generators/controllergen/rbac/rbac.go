// Package rbac is controller-gen's rbac generator (controller-tools
// v0.23.0): a ClusterRole, or a Role per namespace, from the
// +kubebuilder:rbac package markers of the input packages, written as
// role.yaml.
//
// A marker grants verbs on resources of API groups, or on non-resource
// URLs:
//
//	+kubebuilder:rbac:groups=apps,resources=deployments;deployments/status,verbs=get;list;watch
//	+kubebuilder:rbac:urls=/metrics,verbs=get
//	+kubebuilder:rbac:groups="",namespace=ops,roleName=reader,resources=secrets,verbs=get
//
// Its arguments are groups, resources, resourceNames, urls (optional
// lists), verbs (a list), namespace and roleName (optional strings). The
// group "core" means the core group, "". Markers without a namespace make
// up the ClusterRole named by rbac:roleName (or by their own roleName);
// those with one make up a Role in it.
//
// The rules of a role are merged as controller-gen merges them, in four
// passes over sets of rules keyed by their sorted, deduplicated lists:
// rules alike but for their verbs become one with the union of the verbs;
// then rules alike but for their resources, then but for their groups,
// then but for their URLs, are each merged into one. The result is sorted
// by its key (groups, resources, resource names, URLs), and a rule whose
// verbs include "*" has just "*". Roles come in order of namespace, then
// name, and a role without rules is left out; without any, no file is
// written.
//
// A +kubebuilder:rbac marker where controller-gen ignores it (in a
// function's doc comment, a trailing comment, inside a declaration) is a
// warning; controller-gen says nothing.
package rbac

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/run"
)

// MarkerName is the rbac generator's one marker.
const MarkerName = "kubebuilder:rbac"

var (
	optList   = markers.Arg{Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}, Optional: true}
	optString = markers.Arg{Kind: markers.String, Optional: true}
)

// Marker is the definition of +kubebuilder:rbac.
var Marker = markers.Named(MarkerName, markers.Package, map[string]markers.Arg{
	"groups":        optList,
	"resources":     optList,
	"resourceNames": optList,
	"verbs":         {Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}},
	"urls":          optList,
	"namespace":     optString,
	"roleName":      optString,
})

// Markers returns the generator's marker definitions.
func Markers() *markers.Registry { return registry }

var registry = func() *markers.Registry {
	r := &markers.Registry{}
	r.Add(Marker)
	return r
}()

// Generator is the rbac generator; its fields are the rbac:… settings.
type Generator struct {
	RoleName string // the default role name (rbac:roleName)
	FileName string // default role.yaml
	Header   []byte // rbac:headerFile, " YEAR" replaced
	manifest.Output
}

// rule is one +kubebuilder:rbac marker's grant, or a merge of several:
// its lists, indexed by the constants below, and where its first marker
// stands.
type rule struct {
	lists [5][]string
	pos   token.Position
}

const (
	groups = iota
	resources
	resourceNames
	urls
	verbs
)

// role is where a rule goes: a ClusterRole (namespace "") or a Role.
type role struct{ namespace, name string }

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	byRole := map[role][]*rule{}
	var errs []error
	fset := token.NewFileSet()
	for _, in := range ctx.Universe.Inputs {
		marks, err := manifest.PackageMarkers(ctx, fset, in, registry)
		if err != nil {
			return nil, err
		}
		for _, m := range marks {
			v, err := m.Def.Parse(m.Text)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %v", fset.Position(m.Comment.Slash), m.Text, err))
				continue
			}
			g.add(byRole, v.(markers.Args), fset.Position(m.Comment.Slash))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var objs []any
	for _, r := range slices.SortedFunc(maps.Keys(byRole), func(a, b role) int {
		return cmp.Or(strings.Compare(a.namespace, b.namespace), strings.Compare(a.name, b.name))
	}) {
		rules := merge(byRole[r], func(dropped, kept *rule) {
			ctx.Warnf(dropped.pos, "controller-gen keeps one of two rules of role %s that differ only in their verbs (%s and %s), whichever comes last in Go map order: kubegen keeps the one of %s; give the resources their verbs in one marker",
				r.name, strings.Join(dropped.lists[verbs], ";"), strings.Join(kept.lists[verbs], ";"), kept.pos)
		})
		if len(rules) == 0 {
			continue
		}
		meta := metav1.ObjectMeta{Name: r.name, Namespace: r.namespace}
		if r.namespace == "" {
			objs = append(objs, rbacv1.ClusterRole{TypeMeta: typeMeta("ClusterRole"), ObjectMeta: meta, Rules: rules})
		} else {
			objs = append(objs, rbacv1.Role{TypeMeta: typeMeta("Role"), ObjectMeta: meta, Rules: rules})
		}
	}
	if len(objs) == 0 {
		return nil, nil
	}
	name := cmp.Or(g.FileName, "role.yaml")
	f, err := manifest.File(filepath.Join(g.Dir, name), g.Header, objs, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return []*gofile.File{f}, nil
}

func typeMeta(kind string) metav1.TypeMeta {
	return metav1.TypeMeta{Kind: kind, APIVersion: rbacv1.SchemeGroupVersion.String()}
}

// add files a marker's grant under its role, one rule per resource (or
// one without resources).
func (g *Generator) add(byRole map[role][]*rule, a markers.Args, pos token.Position) {
	list := func(name string) []string {
		var out []string
		for _, v := range asSlice(a[name]) {
			out = append(out, v.(string))
		}
		return out
	}
	ns, _ := a["namespace"].(string)
	name, _ := a["roleName"].(string)
	key := role{namespace: ns, name: cmp.Or(name, g.RoleName)}
	base := rule{pos: pos}
	base.lists[groups] = list("groups")
	base.lists[resourceNames] = list("resourceNames")
	base.lists[urls] = list("urls")
	base.lists[verbs] = list("verbs")
	for i, grp := range base.lists[groups] {
		if grp == "core" {
			base.lists[groups][i] = ""
		}
	}
	all := list("resources")
	if len(all) == 0 {
		r := base
		byRole[key] = append(byRole[key], &r)
		return
	}
	for _, res := range all {
		r := base
		r.lists[resources] = []string{res}
		byRole[key] = append(byRole[key], &r)
	}
}

// merge merges and sorts a role's rules (see the package doc). warn
// reports a rule that controller-gen drops.
func merge(rules []*rule, warn func(dropped, kept *rule)) []rbacv1.PolicyRule {
	set := map[string]*rule{}
	for _, r := range rules {
		r.normalize()
		k := r.key(verbs)
		if e := set[k]; e != nil {
			e.lists[verbs] = sortedSet(append(slices.Clip(e.lists[verbs]), r.lists[verbs]...))
			continue
		}
		set[k] = r
	}
	for _, field := range []int{resources, groups, urls} {
		set = mergeOn(set, field, warn)
	}
	sorted := slices.SortedFunc(maps.Values(set), func(a, b *rule) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	out := make([]rbacv1.PolicyRule, 0, len(sorted))
	for _, r := range sorted {
		vs := r.lists[verbs]
		if slices.Contains(vs, "*") {
			vs = []string{"*"}
		}
		out = append(out, rbacv1.PolicyRule{
			APIGroups: r.lists[groups], Resources: r.lists[resources], ResourceNames: r.lists[resourceNames],
			NonResourceURLs: r.lists[urls], Verbs: vs,
		})
	}
	return out
}

// mergeOn merges the rules that are alike but for one list into one,
// with the union of that list. Two results can then be alike but for
// their verbs: controller-gen keeps one of them, whichever its map
// iteration sees last; kubegen keeps the one of the larger key, and
// warns.
func mergeOn(set map[string]*rule, field int, warn func(dropped, kept *rule)) map[string]*rule {
	alike := map[string][]*rule{}
	for _, k := range slices.Sorted(maps.Keys(set)) {
		r := set[k]
		alike[r.key(field)] = append(alike[r.key(field)], r)
	}
	out := map[string]*rule{}
	for _, k := range slices.Sorted(maps.Keys(alike)) {
		rs := alike[k]
		m := rs[0]
		for _, o := range rs[1:] {
			m.lists[field] = append(slices.Clip(m.lists[field]), o.lists[field]...)
		}
		m.normalize()
		if old := out[m.key(verbs)]; old != nil {
			warn(old, m)
		}
		out[m.key(verbs)] = m
	}
	return out
}

// normalize sorts each list and drops duplicates.
func (r *rule) normalize() {
	for i := range r.lists {
		r.lists[i] = sortedSet(r.lists[i])
	}
}

// key identifies a rule by all its lists but one.
func (r *rule) key(omit int) string {
	var b strings.Builder
	for i, l := range r.lists {
		if i != omit {
			b.WriteString(strings.Join(l, "&"))
			b.WriteByte(0)
		}
	}
	return b.String()
}

// sortKey is the text controller-gen sorts a role's rules by.
func (r *rule) sortKey() string {
	return fmt.Sprintf("%s + %s + %s + %s", strings.Join(r.lists[groups], "&"), strings.Join(r.lists[resources], "&"),
		strings.Join(r.lists[resourceNames], "&"), strings.Join(r.lists[urls], "&"))
}

// sortedSet is l sorted without duplicates, nil if empty.
func sortedSet(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := slices.Clone(l)
	slices.Sort(out)
	return slices.Compact(out)
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
