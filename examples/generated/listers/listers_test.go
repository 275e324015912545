// Package listers_test exercises the example API's generated listers over
// a real client-go indexer.
package listers_test

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	fleetv1alpha1 "github.com/kubegen/kubegen/examples/apis/fleet/v1alpha1"
	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
	fleetlisters "github.com/kubegen/kubegen/examples/generated/listers/fleet/v1alpha1"
	shoplisters "github.com/kubegen/kubegen/examples/generated/listers/shop/v1"
)

func newIndexer(t *testing.T, objs ...any) cache.Indexer {
	idx := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, o := range objs {
		if err := idx.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	return idx
}

func store(ns, name, city string) *shopv1.Store {
	return &shopv1.Store{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"city": city}}}
}

func TestNamespacedLister(t *testing.T) {
	lister := shoplisters.NewStoreLister(newIndexer(t,
		store("east", "a", "berlin"), store("east", "b", "paris"), store("west", "c", "berlin")))

	all, err := lister.List(labels.Everything())
	if err != nil || len(all) != 3 {
		t.Fatalf("List(everything) = %d stores, %v; want 3", len(all), err)
	}
	berlin, _ := lister.List(labels.SelectorFromSet(labels.Set{"city": "berlin"}))
	if len(berlin) != 2 {
		t.Errorf("List(city=berlin) = %d stores, want 2", len(berlin))
	}
	east, _ := lister.Stores("east").List(labels.Everything())
	if len(east) != 2 {
		t.Errorf("Stores(east).List = %d stores, want 2", len(east))
	}
	got, err := lister.Stores("west").Get("c")
	if err != nil || got.Name != "c" || got.Labels["city"] != "berlin" {
		t.Errorf("Stores(west).Get(c) = %v, %v", got, err)
	}
	if _, err := lister.Stores("west").Get("a"); !apierrors.IsNotFound(err) {
		t.Errorf("Get of a store in another namespace: err = %v, want NotFound", err)
	} else if gr := err.(apierrors.APIStatus).Status().Details; gr.Group != "shop.example.com" || gr.Kind != "store" {
		t.Errorf("NotFound names %s/%s, want shop.example.com/store", gr.Group, gr.Kind)
	}
}

func TestClusterScopedLister(t *testing.T) {
	lister := fleetlisters.NewClusterLister(newIndexer(t,
		&fleetv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "eu-1"}, Spec: fleetv1alpha1.ClusterSpec{Region: "eu"}}))
	got, err := lister.Get("eu-1")
	if err != nil || got.Spec.Region != "eu" {
		t.Errorf("Get(eu-1) = %v, %v", got, err)
	}
	if _, err := lister.Get("us-1"); !apierrors.IsNotFound(err) {
		t.Errorf("Get(us-1): err = %v, want NotFound", err)
	}
}
