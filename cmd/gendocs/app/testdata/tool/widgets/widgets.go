// Package widgets is a local module that tool requires through a relative
// replace directive, which gendocs --root must carry over.
package widgets

// DefaultStore is where widgets live unless --store says otherwise.
const DefaultStore = "~/.widgets"
