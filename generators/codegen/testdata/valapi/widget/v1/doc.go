// Package v1 is a validated API version.
//
// +k8s:deepcopy-gen=package
// +k8s:validation-gen=TypesWithField=TypeMeta
// +k8s:validation-gen-test-fixture=validateFalse
// +k8s:openapi-gen=true
package v1
