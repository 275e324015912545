// Package core is what -restrict forbids.
package core

import _ "fmt"
