module example.com/al

go 1.26
