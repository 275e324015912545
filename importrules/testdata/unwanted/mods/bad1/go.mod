module example.com/bad1

go 1.26
