// Package c imports nothing restricted; its tests do.
package c
