// Strings as bytes versus runes: ranging over multibyte text, strings.Builder and strconv conversions.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	city := "Zürich 東京"
	fmt.Println("bytes:", len(city), "runes:", utf8.RuneCountInString(city))
	for i, r := range city {
		if r > unicode.MaxASCII {
			fmt.Printf("byte %d: %c U+%04X (%d bytes)\n", i, r, r, utf8.RuneLen(r))
		}
	}
	fmt.Println("third byte:", city[2], "third rune:", string([]rune(city)[2]))
	fmt.Println("reversed:", reverse(city))
	fmt.Printf("% x\n", []byte("ü東"))

	// Build a CSV line with a Builder.
	var b strings.Builder
	prices := []float64{3.5, 12, 0.125}
	for i, p := range prices {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(p, 'f', -1, 64))
	}
	b.WriteRune('€')
	fmt.Println("csv:", b.String(), "len:", b.Len())

	// Parse numbers back out, with errors for bad fields.
	sum := 0
	for _, field := range strings.Split("12,0x1F,-7,abc,99999999999999999999", ",") {
		n, err := strconv.ParseInt(field, 0, 64)
		if err != nil {
			fmt.Println("parse error:", err)
			continue
		}
		sum += int(n)
	}
	fmt.Println("sum:", sum)
	fmt.Println(strconv.Itoa(255), strconv.FormatInt(255, 2), strconv.Quote("tab\there"), strconv.QuoteToASCII("naïve"))
	v, _ := strconv.Atoi("-42")
	ok, _ := strconv.ParseBool("true")
	fmt.Println(v*2, !ok)

	// Capitalise words by working on bytes for ASCII input.
	word := []byte("hello, world")
	for i := range word {
		if i == 0 || word[i-1] == ' ' {
			word[i] -= 'a' - 'A'
		}
	}
	fmt.Println(string(word), strings.Count(city, ""), strings.IndexRune(city, '京'))
}
