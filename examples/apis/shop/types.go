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
package shop

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Store is a shop that sells products.
type Store struct {
	metav1.TypeMeta
	metav1.ObjectMeta

	Spec   StoreSpec
	Status StoreStatus
}

// StoreSpec is the desired state of a Store.
type StoreSpec struct {
	DisplayName  string
	Address      Address
	OpeningHours map[string][]TimeRange
	Managers     map[string]*Person
	Capacity     Capacity
	Checkouts    *intstr.IntOrString
	Tags         Tags
	Paused       *bool
	// Location is where the store stands; v1 spells it as a
	// [latitude, longitude] pair (see shop/v1's conversion.go).
	Location GeoPoint
	Selector *metav1.LabelSelector
	// Discounts hold interfaces, which generated code does not convert;
	// the hand-written StoreSpec conversions do.
	// +k8s:conversion-gen=false
	Discounts  []Discount
	Checksum   *Checksum
	Priorities [][]string
}

// Address is a postal address.
type Address struct {
	Street  string
	City    string
	Country string
}

// GeoPoint is a position on Earth, in degrees.
type GeoPoint struct {
	Latitude  float64
	Longitude float64
}

// TimeRange is a span of the day, as "HH:MM" strings.
type TimeRange struct {
	From string
	To   string
}

// Person is someone who works for a store.
type Person struct {
	Name   string
	Emails []string
	Since  *metav1.Time
}

// Capacity maps a resource name to a quantity.
type Capacity map[string]resource.Quantity

// Tags is a set of labels.
type Tags []string

// StoreStatus is the observed state of a Store.
type StoreStatus struct {
	Conditions         []metav1.Condition
	OpenedAt           metav1.Time
	Sales              map[string]int64
	ObservedGeneration int64
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StoreList is a list of stores.
type StoreList struct {
	metav1.TypeMeta
	metav1.ListMeta

	Items []Store
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Product is something a store sells.
type Product struct {
	metav1.TypeMeta
	metav1.ObjectMeta

	Spec ProductSpec
}

// ProductSpec describes a product.
type ProductSpec struct {
	SKU        string
	Price      Price
	Variants   map[string]Variant
	Related    []*ProductReference
	Attributes map[string]Tags
}

// Price is an amount of money.
type Price struct {
	Amount   resource.Quantity
	Currency string
}

// Variant is one form of a product.
type Variant struct {
	Price  *Price
	Images []string
}

// ProductReference names another product.
type ProductReference struct {
	Name      string
	Namespace *string
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ProductList is a list of products.
type ProductList struct {
	metav1.TypeMeta
	metav1.ListMeta

	Items []Product
}

// Discount is a reduction a store offers.
type Discount interface {
	Apply(amount int64) int64
	DeepCopyDiscount() Discount
}

// +k8s:deepcopy-gen:interfaces=github.com/kubegen/kubegen/examples/apis/shop.Discount

// PercentOff takes a percentage off.
type PercentOff struct {
	Percent int64
	Only    []string
}

// Apply implements Discount.
func (p *PercentOff) Apply(amount int64) int64 { return amount - amount*p.Percent/100 }

// Checksum is a digest of the spec.
type Checksum struct {
	Algorithm string
	Sum       []byte
}
