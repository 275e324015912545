// Package b imports the restricted package directly.
package b

import _ "example.com/dc/internal/core"
