// Package a passes the import of lib/b on.
package a

import _ "example.com/dc/lib/b"
