// Package crd is controller-gen's crd generator (controller-tools
// v0.23.0): CustomResourceDefinitions from Go types and their markers,
// byte for byte as controller-gen writes them.
//
// The parts, in the order a run uses them:
//
//   - packages.go: a package's syntax, markers and type specs, read on
//     first use (of a dependency, the files that declare its types and
//     constants or hold markers); its go/types package comes from the
//     run's one load (export data for dependencies), so type names
//     resolve without a second type check;
//   - markerdefs.go: the markers controller-gen's crd generator knows
//     and what each does to a schema or a CRD (rules.go: their shape);
//   - schema.go: one type's schema, with references to the named types
//     it mentions; parser.go: which packages' types are known, and the
//     types with fixed schemas (ObjectMeta, Time, Quantity, …);
//   - flatten.go: references inlined and allOf branches merged, as
//     controller-gen does both;
//   - spec.go: the kinds, their CRDs and versions, and the conversion
//     through the internal version that controller-gen writes;
//   - generator.go: the files, as YAML, each written while the next
//     CRD is assembled.
//
// Where controller-gen's output depends on Go map order (the order in
// which markers of different names apply, and the packages of a group),
// kubegen takes names and import paths in sorted order; for the inputs
// controller-gen accepts, the result is the same.
package crd
