package other

const X = 1
