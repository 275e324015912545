package stringsx

const X = 1
