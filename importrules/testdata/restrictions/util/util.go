package util

const X = 1
