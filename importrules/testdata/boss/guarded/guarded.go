package guarded

const Treasure = 1
