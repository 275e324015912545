// Package old asks for no generator.
package old
