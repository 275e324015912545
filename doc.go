// Package kubegen is the root of the kubegen module: code generation and
// docs tooling for Kubernetes-style Go API repositories. The tools live
// under cmd/, the generators under generators/; see README.md.
package kubegen
