// Package webhook is controller-gen's webhook generator (controller-tools
// v0.23.0): a MutatingWebhookConfiguration and a
// ValidatingWebhookConfiguration from the +kubebuilder:webhook package
// markers of the input packages, written as manifests.yaml.
//
// Each marker is one webhook:
//
//	+kubebuilder:webhook:path=/mutate-apps-v1-widget,mutating=true,failurePolicy=fail,sideEffects=None,groups=apps,resources=widgets,verbs=create;update,versions=v1,name=mwidget.example.com,admissionReviewVersions=v1
//
// Required are mutating, failurePolicy, groups, resources, verbs,
// versions, name and admissionReviewVersions, and one of path (a call
// to the Service serviceName, default webhook-service, in
// serviceNamespace, default system, at servicePort) and url. Optional
// are matchPolicy (Exact, Equivalent), sideEffects (None or
// NoneOnDryRun; the v1 API requires it), timeoutSeconds (1 to 30),
// reinvocationPolicy (Never, IfNeeded; mutating only), webhookVersions
// (only v1) and patch, a strategic merge patch (JSON, best in backquotes)
// applied to the webhook last: its fields must be the webhook's, and null
// removes one. Enumerated values are matched without regard to case; the
// group "core" is the core group, "".
//
// +kubebuilder:webhookconfiguration:mutating=<bool>,name=<name> names
// the configuration object of its kind (default
// mutating-webhook-configuration, validating-webhook-configuration); a
// package may have one of each.
//
// Webhooks are sorted by name. Where controller-gen's sort is not stable
// (more than 12 webhooks of a kind, two of them of the same name),
// kubegen keeps them in package and source order, one of the orders
// controller-gen can write.
package webhook

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	admv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	kjson "sigs.k8s.io/json"

	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/run"
)

var (
	str     = markers.Arg{Kind: markers.String}
	list    = markers.Arg{Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}}
	optStr  = markers.Arg{Kind: markers.String, Optional: true}
	optList = markers.Arg{Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}, Optional: true}
	optInt  = markers.Arg{Kind: markers.Int, Optional: true}
	boolean = markers.Arg{Kind: markers.Bool}
)

// The generator's markers.
var (
	Webhook = markers.Named("kubebuilder:webhook", markers.Package, map[string]markers.Arg{
		"mutating": boolean, "failurePolicy": str, "matchPolicy": optStr, "sideEffects": optStr,
		"timeoutSeconds": optInt, "groups": list, "resources": list, "verbs": list, "versions": list,
		"name": str, "serviceName": optStr, "serviceNamespace": optStr, "path": optStr, "servicePort": optInt,
		"webhookVersions": optList, "admissionReviewVersions": list, "reinvocationPolicy": optStr,
		"url": optStr, "patch": optStr,
	})
	Configuration = markers.Named("kubebuilder:webhookconfiguration", markers.Package, map[string]markers.Arg{
		"mutating": boolean, "name": optStr,
	})
)

// Markers returns the generator's marker definitions.
func Markers() *markers.Registry { return registry }

var registry = func() *markers.Registry {
	r := &markers.Registry{}
	r.Add(Webhook, Configuration)
	return r
}()

// Generator is the webhook generator; its fields are the webhook:…
// settings.
type Generator struct {
	Header []byte // webhook:headerFile, " YEAR" replaced
	manifest.Output
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	var (
		mutating   []admv1.MutatingWebhook
		validating []admv1.ValidatingWebhook
		names      [2]string // of the configurations: validating, mutating
		errs       []error
	)
	fset := token.NewFileSet()
	for _, in := range ctx.Universe.Inputs {
		marks, err := manifest.PackageMarkers(ctx, fset, in, registry)
		if err != nil {
			return nil, err
		}
		var hooks []markers.Args
		var configured [2]bool
		for _, m := range marks {
			pos := fset.Position(m.Comment.Slash)
			v, err := m.Def.Parse(m.Text)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %v", pos, m.Text, err))
				continue
			}
			a := v.(markers.Args)
			if m.Def == Webhook {
				a[posArg] = pos
				hooks = append(hooks, a)
				continue
			}
			kind := kindOf(a)
			if configured[kind] {
				errs = append(errs, fmt.Errorf("%s: %s: the package has a %s webhook configuration already: give it one of each kind", pos, m.Text, kindNames[kind]))
				continue
			}
			configured[kind] = true
			names[kind], _ = a["name"].(string)
		}
		slices.SortStableFunc(hooks, func(a, b markers.Args) int { return strings.Compare(a["name"].(string), b["name"].(string)) })
		for _, a := range hooks {
			h, err := newHook(a)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: +%s: %v", a[posArg], Webhook.Name, err))
				continue
			}
			if err := h.add(&mutating, &validating); err != nil {
				errs = append(errs, fmt.Errorf("%s: +%s: %v", a[posArg], Webhook.Name, err))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var objs []any
	if len(mutating) > 0 {
		slices.SortStableFunc(mutating, func(a, b admv1.MutatingWebhook) int { return strings.Compare(a.Name, b.Name) })
		objs = append(objs, &admv1.MutatingWebhookConfiguration{
			TypeMeta:   typeMeta("MutatingWebhookConfiguration"),
			ObjectMeta: metav1.ObjectMeta{Name: cmp.Or(names[1], "mutating-webhook-configuration")},
			Webhooks:   mutating,
		})
	}
	if len(validating) > 0 {
		slices.SortStableFunc(validating, func(a, b admv1.ValidatingWebhook) int { return strings.Compare(a.Name, b.Name) })
		objs = append(objs, &admv1.ValidatingWebhookConfiguration{
			TypeMeta:   typeMeta("ValidatingWebhookConfiguration"),
			ObjectMeta: metav1.ObjectMeta{Name: cmp.Or(names[0], "validating-webhook-configuration")},
			Webhooks:   validating,
		})
	}
	if len(objs) == 0 {
		return nil, nil
	}
	f, err := manifest.File(filepath.Join(g.Dir, "manifests.yaml"), g.Header, objs, nil)
	if err != nil {
		return nil, fmt.Errorf("manifests.yaml: %w", err)
	}
	return []*gofile.File{f}, nil
}

// posArg holds a webhook marker's position among its arguments.
const posArg = "\x00pos"

var kindNames = [2]string{"validating", "mutating"}

func kindOf(a markers.Args) int {
	if m, _ := a["mutating"].(bool); m {
		return 1
	}
	return 0
}

func typeMeta(kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: admv1.SchemeGroupVersion.String(), Kind: kind}
}

// hook is one webhook marker's webhook, in the fields both kinds share.
type hook struct {
	mutating     bool
	common       admv1.ValidatingWebhook
	reinvocation *admv1.ReinvocationPolicyType
	patch        string
}

// newHook reads a webhook marker's arguments, checking them as the v1
// API requires.
func newHook(a markers.Args) (*hook, error) {
	s := func(name string) string { v, _ := a[name].(string); return v }
	l := func(name string) []string {
		var out []string
		for _, v := range asSlice(a[name]) {
			out = append(out, v.(string))
		}
		return out
	}
	h := &hook{mutating: kindOf(a) == 1, patch: s("patch")}
	for _, v := range l("webhookVersions") {
		if v != "v1" {
			return nil, fmt.Errorf("webhookVersions=%s: only v1 is supported", v)
		}
	}
	w := &h.common
	w.Name = s("name")
	rule := admv1.RuleWithOperations{Rule: admv1.Rule{APIGroups: l("groups"), APIVersions: l("versions"), Resources: l("resources")}}
	for i, grp := range rule.APIGroups {
		if grp == "core" {
			rule.APIGroups[i] = ""
		}
	}
	rule.Operations = make([]admv1.OperationType, 0, len(l("verbs")))
	for _, v := range l("verbs") {
		rule.Operations = append(rule.Operations, admv1.OperationType(canonical(v, "CREATE", "UPDATE", "DELETE", "CONNECT", "*")))
	}
	w.Rules = []admv1.RuleWithOperations{rule}
	fp := admv1.FailurePolicyType(canonical(s("failurePolicy"), "Ignore", "Fail"))
	w.FailurePolicy = &fp
	if mp := s("matchPolicy"); mp != "" {
		c := canonical(mp, "Exact", "Equivalent")
		if c != "Exact" && c != "Equivalent" {
			return nil, fmt.Errorf("matchPolicy=%s: it is Exact or Equivalent", mp)
		}
		p := admv1.MatchPolicyType(c)
		w.MatchPolicy = &p
	}
	path, url := s("path"), s("url")
	if (path == "") == (url == "") {
		return nil, errors.New("it needs one of path and url, and takes only one")
	}
	if path != "" {
		svc := &admv1.ServiceReference{Name: cmp.Or(s("serviceName"), "webhook-service"), Namespace: cmp.Or(s("serviceNamespace"), "system"), Path: &path}
		if p, ok := a["servicePort"].(int); ok {
			port := int32(p)
			svc.Port = &port
		}
		w.ClientConfig.Service = svc
	} else {
		w.ClientConfig.URL = &url
	}
	// An unknown sideEffects is none (a patch may still set it).
	if se := canonical(s("sideEffects"), "None", "NoneOnDryRun", "Some"); se == "None" || se == "NoneOnDryRun" || se == "Some" {
		c := admv1.SideEffectClass(se)
		w.SideEffects = &c
	}
	if t, _ := a["timeoutSeconds"].(int); t != 0 {
		t32 := int32(t)
		w.TimeoutSeconds = &t32
	}
	w.AdmissionReviewVersions = l("admissionReviewVersions")
	if h.mutating {
		if rp := canonical(s("reinvocationPolicy"), "Never", "IfNeeded"); rp == "Never" || rp == "IfNeeded" {
			p := admv1.ReinvocationPolicyType(rp)
			h.reinvocation = &p
		}
	}
	return h, nil
}

// add appends the webhook, with its patch applied, to its kind's list.
func (h *hook) add(mutating *[]admv1.MutatingWebhook, validating *[]admv1.ValidatingWebhook) error {
	c := h.common
	if h.mutating {
		w := admv1.MutatingWebhook{
			Name: c.Name, ClientConfig: c.ClientConfig, Rules: c.Rules, FailurePolicy: c.FailurePolicy,
			MatchPolicy: c.MatchPolicy, SideEffects: c.SideEffects, TimeoutSeconds: c.TimeoutSeconds,
			AdmissionReviewVersions: c.AdmissionReviewVersions, ReinvocationPolicy: h.reinvocation,
		}
		if err := applyPatch(&w, h.patch); err != nil {
			return err
		}
		if err := check(w.SideEffects, w.TimeoutSeconds, w.AdmissionReviewVersions); err != nil {
			return err
		}
		*mutating = append(*mutating, w)
		return nil
	}
	if err := applyPatch(&c, h.patch); err != nil {
		return err
	}
	if err := check(c.SideEffects, c.TimeoutSeconds, c.AdmissionReviewVersions); err != nil {
		return err
	}
	*validating = append(*validating, c)
	return nil
}

// check checks what the v1 API requires of a webhook, after its patch.
func check(se *admv1.SideEffectClass, timeout *int32, reviews []string) error {
	switch {
	case se == nil || *se == admv1.SideEffectClassSome || *se == admv1.SideEffectClassUnknown:
		return errors.New("sideEffects: the v1 API requires it, None or NoneOnDryRun")
	case timeout != nil && (*timeout < 1 || *timeout > 30):
		return fmt.Errorf("timeoutSeconds=%d: it is 1 to 30", *timeout)
	case len(reviews) == 0:
		return errors.New("admissionReviewVersions: the v1 API requires at least one")
	}
	return nil
}

// canonical returns the one of values that v equals without regard to
// case, else v.
func canonical(v string, values ...string) string {
	for _, c := range values {
		if strings.EqualFold(v, c) {
			return c
		}
	}
	return v
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// applyPatch applies a strategic merge patch (JSON) to w. Fields the
// patch names must be w's, also those it sets to null (which the merge
// would drop silently); the result must decode strictly.
func applyPatch[T any](w *T, patch string) error {
	if patch == "" {
		return nil
	}
	var p map[string]any
	if err := strictDecode([]byte(patch), &p); err != nil {
		return fmt.Errorf("patch: %v", err)
	}
	meta, err := strategicpatch.NewPatchMetaFromStruct(w)
	if err != nil {
		return err
	}
	if err := checkPatch(p, meta, ""); err != nil {
		return fmt.Errorf("patch: %v", err)
	}
	// Without the directives, the patch must decode into a webhook.
	clean, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var probe T
	if err := strictDecode(clean, &probe); err != nil {
		return fmt.Errorf("patch: %v", err)
	}
	orig, err := json.Marshal(w)
	if err != nil {
		return err
	}
	merged, err := strategicpatch.StrategicMergePatch(orig, []byte(patch), w)
	if err != nil {
		return fmt.Errorf("patch: %v", err)
	}
	var out T // fresh, so removed fields stay removed
	if err := strictDecode(merged, &out); err != nil {
		return fmt.Errorf("patch: %v", err)
	}
	*w = out
	return nil
}

func strictDecode(data []byte, into any) error {
	strict, err := kjson.UnmarshalStrict(data, into)
	if err != nil {
		return err
	}
	return errors.Join(strict...)
}

// checkPatch checks the field names of a patch object against the type
// meta describes, and removes the merge directives the merge
// understands; others stay, for the strict decoding to refuse.
func checkPatch(p map[string]any, meta strategicpatch.LookupPatchMeta, at string) error {
	for _, key := range slices.Sorted(maps.Keys(p)) {
		value := p[key]
		_, isList := value.([]any)
		if strings.HasPrefix(key, "$") {
			field, sliceDirective := cutAny(key, "$setElementOrder/", "$deleteFromPrimitiveList/")
			switch {
			case key == "$patch":
				if d, _ := value.(string); d == "delete" || d == "replace" {
					delete(p, key)
				}
			case key == "$retainKeys":
				if isList {
					delete(p, key)
				}
			case sliceDirective:
				if _, _, err := meta.LookupPatchMetadataForSlice(field); err != nil {
					return fmt.Errorf("%s: %v", at+key, err)
				}
				if isList {
					delete(p, key)
				}
			}
			continue
		}
		if name := meta.Name(); name != "struct" && name != "ptr" {
			continue // a map: any keys
		}
		lookup := meta.LookupPatchMetadataForStruct
		if isList {
			lookup = meta.LookupPatchMetadataForSlice
		}
		sub, _, err := lookup(key)
		if err != nil {
			return fmt.Errorf("field %q: %v", at+key, err)
		}
		var items []any
		switch v := value.(type) {
		case map[string]any:
			items = []any{v}
		case []any:
			items = v
		}
		for _, item := range items {
			if m, ok := item.(map[string]any); ok {
				if err := checkPatch(m, sub, at+key+"."); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// cutAny returns s without the first of prefixes it starts with.
func cutAny(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return s, false
}
