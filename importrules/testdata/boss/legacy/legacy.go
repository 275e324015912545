package legacy

const Old = true
