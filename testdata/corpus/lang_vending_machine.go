// A vending-machine state machine: function types as map values, anonymous structs, struct equality.
package main

import "fmt"

type State string

type Machine struct {
	State  State
	Credit int
	Sold   int
}

type handler func(m *Machine, arg int) (State, string)

type key struct {
	from  State
	event string
}

func addCoin(m *Machine, c int) (State, string) {
	m.Credit += c
	return "paying", fmt.Sprintf("credit %d", m.Credit)
}

var table = map[key]handler{
	{"idle", "coin"}:   addCoin,
	{"paying", "coin"}: addCoin,
	{"paying", "buy"}: func(m *Machine, price int) (State, string) {
		if m.Credit < price {
			return "paying", fmt.Sprintf("need %d more", price-m.Credit)
		}
		m.Credit -= price
		m.Sold++
		return "idle", fmt.Sprintf("vend, change %d", m.Credit)
	},
	{"paying", "refund"}: func(m *Machine, _ int) (State, string) {
		r := m.Credit
		m.Credit = 0
		return "idle", fmt.Sprintf("refund %d", r)
	},
}

func main() {
	m := Machine{State: "idle"}
	steps := []struct {
		event string
		arg   int
	}{{"buy", 150}, {"coin", 100}, {"buy", 150}, {"coin", 100}, {"buy", 150}, {"coin", 20}, {"refund", 0}}
	for i, s := range steps {
		h, ok := table[key{m.State, s.event}]
		if !ok {
			fmt.Printf("%d. %-6s in %-6s   ignored\n", i+1, s.event, m.State)
			continue
		}
		next, msg := h(&m, s.arg)
		fmt.Printf("%d. %-6s in %-6s -> %-6s %s\n", i+1, s.event, m.State, next, msg)
		m.State = next
	}
	fmt.Printf("final: %+v\n", m)
	fmt.Println("back to fresh idle:", m == Machine{State: "idle", Sold: 1})

	fmt.Println("transitions:", len(table), "has idle/buy:", table[key{"idle", "buy"}] != nil)
	point := struct{ X, Y int }{3, 4}
	fmt.Println("anonymous struct equal:", point == struct{ X, Y int }{3, 4}, point)
}
