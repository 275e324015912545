package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Widget is a thing.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +k8s:supportsSubresource="/status"
type Widget struct {
	metav1.TypeMeta `json:",inline"`

	Spec   WidgetSpec   `json:"spec"`
	Status WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec is the desired state.
type WidgetSpec struct {
	// +k8s:required
	// +k8s:format=k8s-short-name
	Name string `json:"name"`
	// +k8s:optional
	// +k8s:minimum=1
	Replicas *int32 `json:"replicas,omitempty"`
	// +k8s:optional
	// +k8s:maxItems=8
	// +k8s:listType=map
	// +k8s:listMapKey=key
	Ports []Port `json:"ports,omitempty"`
	// +k8s:optional
	Mode Mode `json:"mode,omitempty"`
	// +k8s:optional
	Since *metav1.Time `json:"since,omitempty"`
	// +k8s:optional
	Target *intstr.IntOrString `json:"target,omitempty"`
}

// Mode is how fast.
//
// +k8s:enum
type Mode string

const (
	ModeFast Mode = "Fast"
	ModeSlow Mode = "Slow"
)

// Port is one port.
type Port struct {
	// +k8s:required
	Key string `json:"key"`
	// +k8s:required
	// +k8s:minimum=1
	Number int32 `json:"number"`
}

// WidgetStatus is the observed state.
type WidgetStatus struct {
	// +k8s:optional
	// +k8s:minimum=0
	Ready int32 `json:"ready,omitempty"`
}
