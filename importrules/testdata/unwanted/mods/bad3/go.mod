module example.com/bad3

go 1.26
