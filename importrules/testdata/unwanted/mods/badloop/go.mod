module example.com/badloop

go 1.26

require example.com/cyc v1.0.0
