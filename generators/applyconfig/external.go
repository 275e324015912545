package applyconfig

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// metaV1 is the package of ObjectMeta and TypeMeta.
const metaV1 = "k8s.io/apimachinery/pkg/apis/meta/v1"

// clientGoMetaV1 holds client-go's apply configurations of metaV1.
const clientGoMetaV1 = "k8s.io/client-go/applyconfigurations/meta/v1"

// defaultExternals are the apply configurations every run knows about, as
// upstream's: client-go's of the meta/v1 types.
var defaultExternals = []string{
	"Condition", "DeleteOptions", "LabelSelector", "LabelSelectorRequirement",
	"ManagedFieldsEntry", "ObjectMeta", "OwnerReference", "TypeMeta",
}

// externals is the --external-applyconfigurations flag: type → package of
// its apply configuration.
type externals map[model.Name]string

func newExternals() externals {
	e := externals{}
	for _, name := range defaultExternals {
		e[model.Name{Package: metaV1, Name: name}] = clientGoMetaV1
	}
	return e
}

// Set adds comma-separated <package>.<Type>:<applyconfiguration-package>
// entries; the flag may be given more than once.
func (e externals) Set(value string) error {
	if value == "" {
		return nil
	}
	entries, err := csv.NewReader(strings.NewReader(value)).Read()
	if err != nil {
		return fmt.Errorf("not a comma-separated list: %v", err)
	}
	for _, entry := range entries {
		typ, pkg, ok := strings.Cut(entry, ":")
		if !ok || strings.Contains(pkg, ":") || pkg == "" {
			return fmt.Errorf("%q is not <package>.<Type>:<applyconfiguration-package>, e.g. k8s.io/api/apps/v1.Deployment:k8s.io/client-go/applyconfigurations/apps/v1", entry)
		}
		name, err := externalName(typ)
		if err != nil {
			return fmt.Errorf("%q: %v", entry, err)
		}
		if _, dup := e[name]; dup {
			if name.Package == metaV1 && slices.Contains(defaultExternals, name.Name) {
				return fmt.Errorf("%s is always mapped to %s: leave it out", name, clientGoMetaV1)
			}
			return fmt.Errorf("%s is given twice", name)
		}
		e[name] = pkg
	}
	return nil
}

// Map maps the type "<package>.<Type>" to the apply configuration
// package acPkg, replacing any earlier mapping of it (as controller-gen's
// externalApplyConfigurations setting does).
func (e externals) Map(typ, acPkg string) error {
	name, err := externalName(typ)
	if err != nil {
		return err
	}
	if acPkg == "" {
		return fmt.Errorf("%s has an empty apply configuration package", typ)
	}
	e[name] = acPkg
	return nil
}

// externalName parses "<package>.<Type>".
func externalName(typ string) (model.Name, error) {
	dot := strings.LastIndex(typ, ".")
	if dot <= 0 || dot == len(typ)-1 || strings.HasSuffix(typ[:dot], "/") {
		return model.Name{}, fmt.Errorf("%q is not <package>.<Type>, e.g. k8s.io/api/apps/v1.Deployment", typ)
	}
	return model.Name{Package: typ[:dot], Name: typ[dot+1:]}, nil
}

// String implements pflag.Value.
func (e externals) String() string {
	var s []string
	for name, pkg := range e {
		s = append(s, name.String()+":"+pkg)
	}
	slices.Sort(s)
	return "[" + strings.Join(s, ",") + "]"
}

// Type implements pflag.Value.
func (e externals) Type() string { return "string" }
