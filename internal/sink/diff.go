package sink

import udiff "github.com/aymanbagabas/go-udiff"

// Unified returns the unified diff that turns a into b, with three lines of
// context, as `diff -u` prints it ("" if they are equal). The line matching
// is a Myers diff, linear in memory, so one changed line in a large file
// gives one small hunk.
func Unified(aName, bName, a, b string) string {
	return udiff.Unified(aName, bName, a, b)
}
