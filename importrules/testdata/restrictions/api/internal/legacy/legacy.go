// Package legacy is an ignored subtree: its imports are not checked.
package legacy

import "example.com/rs/client"

var _ = client.X
