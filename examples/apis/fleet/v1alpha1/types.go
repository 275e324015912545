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
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	shopv1 "github.com/kubegen/kubegen/examples/apis/shop/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Cluster is a cluster the shops run on; it is cluster-scoped.
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   ClusterSpec   `json:"spec,omitempty"`
	Status ClusterStatus `json:"status,omitempty"`
}

// ClusterSpec is the desired state of a Cluster.
type ClusterSpec struct {
	// region the cluster runs in.
	Region string `json:"region"`
	// location is the postal address of its data centre (a type from
	// another API group).
	Location shopv1.Address `json:"location"`
	// budget per month, by cost centre.
	// +optional
	Budget map[string]*shopv1.Price `json:"budget,omitempty"`
	// stores hosted, by namespace.
	// +optional
	Stores map[string][]shopv1.ProductReference `json:"stores,omitempty"`
	// nodePools of the cluster.
	// +optional
	NodePools []NodePool `json:"nodePools,omitempty"`
}

// NodePool is a set of alike machines.
type NodePool struct {
	Name string `json:"name"`
	// +optional
	Size *int32 `json:"size,omitempty"`
	// +optional
	Taints []Taint `json:"taints,omitempty"`
}

// Taint keeps workloads off a node pool.
type Taint struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
	// +optional
	AddedAt *metav1.Time `json:"addedAt,omitempty"`
}

// ClusterStatus is the observed state of a Cluster.
type ClusterStatus struct {
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// +optional
	Versions map[string]string `json:"versions,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ClusterList is a list of clusters.
type ClusterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Cluster `json:"items"`
}
