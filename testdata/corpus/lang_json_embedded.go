// Records with embedded structs written as JSON and read back: embedded fields are promoted into the outer object.
package main

import (
	"encoding/json"
	"fmt"
	"sync"
)

type Meta struct {
	ID      int    `json:"id"`
	Created string `json:"created,omitempty"`
}

type audit struct {
	By string `json:"by"`
}

type priority int

type Task struct {
	Meta
	*audit
	priority
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

type Board struct {
	sync.Mutex
	Name  string
	Tasks []Task
}

func main() {
	tasks := []Task{
		{Meta: Meta{ID: 1, Created: "mon"}, audit: &audit{By: "ann"}, priority: 2, Title: "write notes"},
		{Meta: Meta{ID: 2}, Title: "review", Done: true},
	}
	for _, t := range tasks {
		b, err := json.Marshal(t)
		fmt.Println(string(b), err)
	}
	board := Board{Name: "week", Tasks: tasks[1:]}
	board.Lock()
	b, _ := json.MarshalIndent(&board, "", "  ")
	board.Unlock()
	fmt.Println(string(b))

	var back Task
	err := json.Unmarshal([]byte(`{"id":7,"title":"ship","done":true,"created":"fri"}`), &back)
	fmt.Println(back.ID, back.Created, back.Title, back.Done, back.audit == nil, err)
	fmt.Printf("%+v\n", back.Meta)
}
