package generated_test

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
	applyshopv1 "github.com/kubegen/kubegen/examples/generated/applyconfiguration/shop/v1"
	"github.com/kubegen/kubegen/examples/generated/clientset/versioned/fake"
	"github.com/kubegen/kubegen/examples/generated/informers/externalversions"
)

// TestApplyRoundTrip: an apply configuration built with the generated
// builders goes through the fake clientset's server-side apply (field
// management from the generated schema), comes back as a Store, reaches
// the informer's lister, and is extracted back into an equal apply
// configuration; a second field manager's apply merges with the first.
func TestApplyRoundTrip(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := fake.NewClientset()
	factory := externalversions.NewSharedInformerFactory(client, 0)
	lister := factory.Shop().V1().Stores().Lister()
	events := watch(ctx, t, factory)

	want := applyshopv1.Store("mitte", "berlin").
		WithLabels(map[string]string{"city": "berlin"}).
		WithSpec(applyshopv1.StoreSpec().
			WithDisplayName("Mitte").
			WithCity("Berlin").
			WithTags(shopv1.Tags{"flagship"}))
	applied, err := client.ShopV1().Stores("berlin").Apply(ctx, want, metav1.ApplyOptions{FieldManager: "shop-admin"})
	if err != nil {
		t.Fatal(err)
	}
	if applied.Spec.DisplayName != "Mitte" || applied.Spec.City != "Berlin" || applied.Labels["city"] != "berlin" {
		t.Fatalf("applied store: %+v", applied)
	}
	expect(t, events, event{"add", "berlin/mitte", "Mitte"})
	if got, err := lister.Stores("berlin").Get("mitte"); err != nil || got.Spec.City != "Berlin" {
		t.Fatalf("lister after apply: %+v, %v", got, err)
	}

	extracted, err := applyshopv1.ExtractStore(applied, "shop-admin")
	if err != nil {
		t.Fatal(err)
	}
	if *extracted.Name != "mitte" || *extracted.Spec.DisplayName != "Mitte" || *extracted.Spec.City != "Berlin" || extracted.Spec.Tags == nil || len(*extracted.Spec.Tags) != 1 {
		t.Fatalf("extracted apply configuration: %+v", extracted)
	}
	if extracted.Spec.Country != nil {
		t.Errorf("extract took a field shop-admin does not own: country %q", *extracted.Spec.Country)
	}

	// Another manager sets another field; both survive.
	other := applyshopv1.Store("mitte", "berlin").WithSpec(applyshopv1.StoreSpec().WithCountry("DE"))
	merged, err := client.ShopV1().Stores("berlin").Apply(ctx, other, metav1.ApplyOptions{FieldManager: "geo"})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Spec.Country != "DE" || merged.Spec.DisplayName != "Mitte" {
		t.Fatalf("after the second manager's apply: %+v", merged.Spec)
	}
	expect(t, events, event{"update", "berlin/mitte", "Mitte"})
	if geo, err := applyshopv1.ExtractStore(merged, "geo"); err != nil || geo.Spec == nil || *geo.Spec.Country != "DE" || geo.Spec.DisplayName != nil {
		t.Fatalf("extract for geo: %+v, %v", geo, err)
	}
}
