package importrules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestDependencyCheckOrder checks that findings and their import chains
// do not depend on the order of the packages in the listing.
func TestDependencyCheckOrder(t *testing.T) {
	file := filepath.Join(testdataDir(t), "deps", "deps.json")
	pkgs, err := ReadDeps(file)
	if err != nil {
		t.Fatal(err)
	}
	restrict := regexp.MustCompile(`^example\.com/dc/(internal|lib/b$)`)
	check := func(pkgs []DepPackage) string {
		fs := CheckDeps(file, pkgs, restrict, nil)
		for i := range fs {
			fs[i].Pos.Line = 0 // the line moves with the package
		}
		return fmt.Sprint(sortFindings(fs))
	}
	first := check(pkgs)
	if len(first) < 100 {
		t.Fatalf("no findings to compare: %s", first)
	}
	slices.Reverse(pkgs)
	if got := check(pkgs); got != first {
		t.Errorf("reversed listing:\n%s\nfirst:\n%s", got, first)
	}
}
