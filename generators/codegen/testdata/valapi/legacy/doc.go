// Package legacy opts out of validation.
//
// +k8s:deepcopy-gen=package
// +k8s:validation-gen=false
package legacy

// Old is old.
type Old struct{ A string }
