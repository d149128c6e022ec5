// A Max over cmp.Ordered and the min/max builtins used to build a game leaderboard.
package main

import (
	"cmp"
	"fmt"
)

func Max[T cmp.Ordered](first T, rest ...T) T {
	best := first
	for _, v := range rest {
		if v > best {
			best = v
		}
	}
	return best
}

func ArgMax[T any, K cmp.Ordered](xs []T, key func(T) K) (T, int) {
	idx := 0
	for i := range xs {
		if key(xs[i]) > key(xs[idx]) {
			idx = i
		}
	}
	return xs[idx], idx
}

type Player struct {
	Name   string
	Scores []int
}

func main() {
	players := []Player{
		{"kira", []int{120, 340, 90}},
		{"tomas", []int{300, 310, 305}},
		{"lena", []int{50, 410, 20}},
	}

	for _, p := range players {
		best := Max(p.Scores[0], p.Scores[1:]...)
		lowest := min(p.Scores[0], p.Scores[1], p.Scores[2])
		fmt.Printf("%-6s best=%d worst=%d\n", p.Name, best, lowest)
	}

	total := func(p Player) int {
		s := 0
		for _, v := range p.Scores {
			s += v
		}
		return s
	}
	winner, pos := ArgMax(players, total)
	fmt.Println("winner by total:", winner.Name, "at index", pos, "with", total(winner))

	fmt.Println("alphabetically last:", Max("kira", "tomas", "lena"))
	fmt.Println("max float:", Max(2.5, -1.0, 2.25))

	capped := min(max(total(players[2]), 100), 450)
	fmt.Println("lena clamped:", capped)
}
