// cyc and badloop require each other. The walk meets badloop first, from
// the main module, and does not re-enter it from cyc: so cyc is not
// recorded as requiring badloop.
module example.com/cyc

go 1.26

require example.com/badloop v1.0.0
