// Value versus pointer receivers on a bank account, plus method values and method expressions.
package main

import (
	"errors"
	"fmt"
)

type Account struct {
	Owner   string
	Balance int
	history []string
}

func (a *Account) Deposit(amount int) {
	a.Balance += amount
	a.history = append(a.history, fmt.Sprintf("+%d", amount))
}

func (a *Account) Withdraw(amount int) error {
	if amount > a.Balance {
		return errors.New("insufficient funds")
	}
	a.Balance -= amount
	a.history = append(a.history, fmt.Sprintf("-%d", amount))
	return nil
}

// Summary and ResetCopy have value receivers: they work on a copy.
func (a Account) Summary() string {
	return fmt.Sprintf("%s has %d (%d ops)", a.Owner, a.Balance, len(a.history))
}
func (a Account) ResetCopy() int {
	a.Balance = 0
	return a.Balance
}

func main() {
	acct := Account{Owner: "Dana"}
	acct.Deposit(500) // addressable variable: Go takes &acct automatically
	if err := acct.Withdraw(800); err != nil {
		fmt.Println("withdraw 800:", err)
	}
	_ = acct.Withdraw(120)
	fmt.Println(acct.Summary())
	fmt.Println("reset copy returned", acct.ResetCopy(), "but balance is", acct.Balance)

	// Method value bound to a pointer: later calls affect acct.
	dep := acct.Deposit
	dep(30)
	dep(70)
	// Method value with a value receiver copies the account at evaluation time.
	snapshot := acct.Summary
	acct.Deposit(1000)
	fmt.Println("snapshot:", snapshot())
	fmt.Println("current: ", acct.Summary())

	// Method expressions take the receiver as the first argument.
	withdraw := (*Account).Withdraw
	summary := Account.Summary
	fmt.Println("withdraw 5000 via expression:", withdraw(&acct, 5000))
	fmt.Println("withdraw 480 via expression:", withdraw(&acct, 480))
	fmt.Println(summary(acct))
	fmt.Println("history:", acct.history)

	for _, a := range []*Account{{Owner: "Eli"}, {Owner: "Fay", Balance: 40}} {
		a.Deposit(10)
		fmt.Println(a.Summary())
	}
}
