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
// Package v1 is version v1 of the shop.example.com API group: stores and
// the products they sell. It is kubegen's example API. Its types convert
// to and from the internal version (package shop), and are defaulted by
// +default tags and the SetDefaults_ functions of defaults.go.
//
// +k8s:deepcopy-gen=package
// +k8s:conversion-gen=github.com/kubegen/kubegen/examples/apis/shop
// +k8s:defaulter-gen=TypeMeta
// +k8s:openapi-gen=true
// +k8s:openapi-model-package=com.github.kubegen.kubegen.examples.apis.shop.v1
// +groupName=shop.example.com
package v1
