// Package generated_test uses the example API's generated clientset,
// informers and listers together, as a controller would: the fake
// clientset changes objects, a shared informer from the generated factory
// sees each change, and its lister serves the cached objects.
package generated_test

import (
	"context"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	fleetv1alpha1 "github.com/kubegen/kubegen/examples/apis/fleet/v1alpha1"
	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
	"github.com/kubegen/kubegen/examples/generated/clientset/versioned/fake"
	"github.com/kubegen/kubegen/examples/generated/informers/externalversions"
)

// event is what the informer's handler saw.
type event struct {
	kind, key, displayName string
}

// watch starts a Store informer from the generated factory and returns
// the channel of its events.
func watch(ctx context.Context, t *testing.T, factory externalversions.SharedInformerFactory) <-chan event {
	t.Helper()
	events := make(chan event, 16)
	send := func(kind string, obj any) {
		if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = d.Obj
		}
		s := obj.(*shopv1.Store)
		events <- event{kind, s.Namespace + "/" + s.Name, s.Spec.DisplayName}
	}
	_, err := factory.Shop().V1().Stores().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { send("add", obj) },
		UpdateFunc: func(_, obj any) { send("update", obj) },
		DeleteFunc: func(obj any) { send("delete", obj) },
	})
	if err != nil {
		t.Fatal(err)
	}
	factory.Start(ctx.Done())
	for typ, synced := range factory.WaitForCacheSync(ctx.Done()) {
		if !synced {
			t.Fatalf("informer for %v did not sync", typ)
		}
	}
	return events
}

func expect(t *testing.T, events <-chan event, want event) {
	t.Helper()
	select {
	case got := <-events:
		if got != want {
			t.Fatalf("informer saw %+v, want %+v", got, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("informer did not see %+v", want)
	}
}

// TestFakeClientsetInformerLister: create, update and delete through the
// fake clientset; the informer sees each event and the lister follows.
func TestFakeClientsetInformerLister(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := fake.NewSimpleClientset()
	factory := externalversions.NewSharedInformerFactory(client, 0)
	lister := factory.Shop().V1().Stores().Lister()
	events := watch(ctx, t, factory)
	stores := client.ShopV1().Stores("berlin")

	created, err := stores.Create(ctx, &shopv1.Store{
		ObjectMeta: metav1.ObjectMeta{Name: "mitte"},
		Spec:       shopv1.StoreSpec{DisplayName: "Mitte", Tags: shopv1.Tags{"flagship"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, events, event{"add", "berlin/mitte", "Mitte"})
	got, err := lister.Stores("berlin").Get("mitte")
	if err != nil || got.Spec.DisplayName != "Mitte" || len(got.Spec.Tags) != 1 {
		t.Fatalf("lister after create: %+v, %v", got, err)
	}

	changed := created.DeepCopy()
	changed.Spec.DisplayName = "Berlin Mitte"
	if _, err := stores.Update(ctx, changed, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	expect(t, events, event{"update", "berlin/mitte", "Berlin Mitte"})
	if got, err := lister.Stores("berlin").Get("mitte"); err != nil || got.Spec.DisplayName != "Berlin Mitte" {
		t.Fatalf("lister after update: %+v, %v", got, err)
	}

	changed.Status.ObservedGeneration = 7
	if _, err := stores.UpdateStatus(ctx, changed, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	expect(t, events, event{"update", "berlin/mitte", "Berlin Mitte"})
	if got, _ := lister.Stores("berlin").Get("mitte"); got.Status.ObservedGeneration != 7 {
		t.Fatalf("lister after updateStatus: status %+v", got.Status)
	}

	if err := stores.Delete(ctx, "mitte", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	expect(t, events, event{"delete", "berlin/mitte", "Berlin Mitte"})
	if _, err := lister.Stores("berlin").Get("mitte"); !apierrors.IsNotFound(err) {
		t.Fatalf("lister after delete: %v, want NotFound", err)
	}
	if all, err := lister.List(labels.Everything()); err != nil || len(all) != 0 {
		t.Fatalf("lister lists %d stores after delete (%v)", len(all), err)
	}
}

// TestClusterScoped: a cluster-scoped type goes through the fake
// clientset and its informer without a namespace.
func TestClusterScoped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := fake.NewSimpleClientset(&fleetv1alpha1.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: "eu-1"},
		Spec:       fleetv1alpha1.ClusterSpec{Region: "eu"},
	})
	factory := externalversions.NewSharedInformerFactory(client, 0)
	informer := factory.Fleet().V1alpha1().Clusters()
	lister := informer.Lister()
	informer.Informer() // register before Start
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())

	if got, err := lister.Get("eu-1"); err != nil || got.Spec.Region != "eu" {
		t.Fatalf("lister: %+v, %v", got, err)
	}
	list, err := client.FleetV1alpha1().Clusters().List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("list: %+v, %v", list, err)
	}
}
