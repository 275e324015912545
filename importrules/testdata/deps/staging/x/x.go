// Package x imports core too, but -exclude skips it.
package x

import _ "example.com/dc/internal/core"
