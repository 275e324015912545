package strings

const X = 1
