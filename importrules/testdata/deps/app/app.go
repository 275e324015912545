// Package app is a root of the listing; it reaches internal/core through
// lib/a and lib/b only.
package app

import _ "example.com/dc/lib/a"
