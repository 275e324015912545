// Package controllergen is kubegen's controller-gen (sigs.k8s.io/controller-tools
// v0.23.0): its command line, its object generator, and its
// applyconfiguration generator. The manual is the command's: go doc
// github.com/kubegen/kubegen/cmd/controller-gen. The other generators
// are packages of their own: crd, rbac, webhook and schemapatch (which
// takes its schemas from crd's parser); the first three share package
// manifest (their YAML files, their package markers), all use the marker
// grammar of package markers.
//
// The parts:
//
//   - options.go: controller-gen's option words (object:headerFile=…,
//     paths=…, output:…), parsed with its marker grammar;
//   - markers.go: which comment markers belong to the package, to a type,
//     to a field or to nothing, by controller-gen's rules, and their
//     values;
//   - object.go: which types get methods, and the file, assembled as
//     controller-gen assembles it;
//   - declared.go: types as the source spells them, aliases kept (the
//     loader resolves them; controller-gen's code names them);
//   - imports.go: controller-gen's import names;
//   - applyconfiguration.go: package applyconfig run once per package
//     that crd.ApplyPackages finds marked, with that package's roots,
//     group and OpenAPI document.
//
// The copy statements come from package deepcopy's Writer in its
// ControllerGen dialect: the code deepcopy-gen and controller-gen share
// is written once, and each place where they differ says how.
//
// A run is one package load and the shared sink (package run):
// write-if-changed, all or nothing, stale removal, --verify.
package controllergen
