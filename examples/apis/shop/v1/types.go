/*
Copyright The kubegen Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

	http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Store is a shop that sells products. It is namespaced and has a status
// subresource.
type Store struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is what the store should be.
	Spec StoreSpec `json:"spec,omitempty"`
	// status is what the store is.
	// +optional
	Status StoreStatus `json:"status,omitempty"`
}

// StoreSpec is the desired state of a Store.
type StoreSpec struct {
	// displayName is the name shown to customers.
	DisplayName string `json:"displayName"`
	// address, embedded: its fields stand at the spec's level.
	Address `json:",inline"`
	// openingHours maps a weekday to its opening hours.
	// +optional
	OpeningHours map[string][]TimeRange `json:"openingHours,omitempty"`
	// managers maps a role to the manager who holds it.
	// +optional
	Managers map[string]*Person `json:"managers,omitempty"`
	// capacity is how much the store can hold, per resource.
	// +optional
	Capacity Capacity `json:"capacity,omitempty"`
	// replicas of the checkout service; an int or a percentage.
	// +optional
	Checkouts *intstr.IntOrString `json:"checkouts,omitempty"`
	// tags label the store.
	// +optional
	Tags Tags `json:"tags,omitempty"`
	// paused stops all sales when set.
	// +optional
	// +default=false
	Paused *bool `json:"paused,omitempty"`
	// coordinates of the store: latitude and longitude. Not serialized:
	// apimachinery's unstructured converter (server-side apply) has no
	// arrays; the field is here for deep-copy coverage. The internal
	// version keeps a GeoPoint instead (see conversion.go).
	Coordinates [2]float64 `json:"-"`
	// selector picks the products this store sells.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	// discounts on offer; each knows how to copy itself. Interfaces are
	// converted by hand (see conversion.go).
	// +optional
	// +k8s:conversion-gen=false
	Discounts []Discount `json:"-"`
	// checksum of the spec, with a hand-written deep copy.
	// +optional
	Checksum *Checksum `json:"checksum,omitempty"`
	// priorities of product categories, most important first.
	// +optional
	Priorities [][]string `json:"priorities,omitempty"`
}

// Address is a postal address.
type Address struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	Country string `json:"country"`
}

// TimeRange is a span of the day, as "HH:MM" strings.
type TimeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Person is someone who works for a store.
type Person struct {
	Name   string   `json:"name"`
	Emails []string `json:"emails,omitempty"`
	// +optional
	Since *metav1.Time `json:"since,omitempty"`
}

// Capacity maps a resource name to a quantity.
type Capacity map[string]resource.Quantity

// Tags is a set of labels.
type Tags []string

// StoreStatus is the observed state of a Store.
type StoreStatus struct {
	// conditions of the store.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// openedAt is when the store first opened.
	// +optional
	OpenedAt metav1.Time `json:"openedAt,omitempty"`
	// sales counts the products sold, by product name.
	// +optional
	Sales map[string]int64 `json:"sales,omitempty"`
	// observedGeneration is the generation the status is about.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StoreList is a list of stores.
type StoreList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Store `json:"items"`
}

// +genclient
// +genclient:noStatus
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Product is something a store sells.
type Product struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ProductSpec `json:"spec,omitempty"`
}

// ProductSpec describes a product.
type ProductSpec struct {
	// sku is the stock-keeping unit.
	SKU string `json:"sku"`
	// price per unit.
	Price Price `json:"price"`
	// variants by name, e.g. colours.
	// +optional
	Variants map[string]Variant `json:"variants,omitempty"`
	// related products, by name.
	// +optional
	Related []*ProductReference `json:"related,omitempty"`
	// attributes of the product, free-form.
	// +optional
	Attributes map[string]Tags `json:"attributes,omitempty"`
}

// Price is an amount of money.
type Price struct {
	Amount resource.Quantity `json:"amount"`
	// currency of the amount, EUR if not given.
	// +optional
	// +default="EUR"
	Currency string `json:"currency,omitempty"`
}

// Variant is one form of a product.
type Variant struct {
	// +optional
	Price *Price `json:"price,omitempty"`
	// +optional
	Images []string `json:"images,omitempty"`
}

// ProductReference names another product.
type ProductReference struct {
	Name string `json:"name"`
	// +optional
	Namespace *string `json:"namespace,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ProductList is a list of products.
type ProductList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Product `json:"items"`
}

// Discount is a reduction a store offers. Implementations copy themselves
// with DeepCopyDiscount, which deepcopy-gen writes for types tagged with
// +k8s:deepcopy-gen:interfaces=.../shop/v1.Discount.
type Discount interface {
	Apply(amount int64) int64
	DeepCopyDiscount() Discount
}

// +k8s:deepcopy-gen:interfaces=github.com/kubegen/kubegen/examples/apis/shop/v1.Discount

// PercentOff takes a percentage off.
type PercentOff struct {
	Percent int64 `json:"percent"`
	// +optional
	Only []string `json:"only,omitempty"`
}

// Apply implements Discount.
func (p *PercentOff) Apply(amount int64) int64 { return amount - amount*p.Percent/100 }

// internalNote is unexported: deepcopy-gen leaves it alone.
type internalNote struct {
	Text *string
}

// +k8s:deepcopy-gen=false

// Cursor is a position in a listing, copied by value; no deep copy wanted.
type Cursor struct {
	Next *string
}
