package session

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strconv"
	"strings"

	"github.com/gothreads/gothreads/evaluator"
)

// maxDisplay caps the text shown for a cell's value; printing a huge slice
// by accident should not flood the notebook.
const maxDisplay = 64 << 10

// bundle renders the values of a cell's final expression.
func bundle(vals []any) (b *evaluator.Bundle) {
	defer func() {
		// A String or Error method can panic with a value fmt does not
		// catch for it; that ends this display, not the session.
		if r := recover(); r != nil {
			b = evaluator.Text(fmt.Sprintf("(the value could not be shown: its String or Error method panicked: %v)", r))
		}
	}()
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = format(v)
	}
	text := strings.Join(texts, ", ")
	if len(text) > maxDisplay {
		text = text[:maxDisplay] + fmt.Sprintf("... (%d more bytes)", len(text)-maxDisplay)
	}
	b = evaluator.Text(text)
	if len(vals) == 1 {
		if img, ok := vals[0].(image.Image); ok {
			var buf bytes.Buffer
			if png.Encode(&buf, img) == nil {
				b.Data["image/png"] = base64.StdEncoding.EncodeToString(buf.Bytes())
			}
		}
	}
	return b
}

// format renders one value as Go's %v does, except that strings are quoted
// so that "42" and 42 look different.
func format(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case image.Image:
		return fmt.Sprintf("%T %v", v, v.Bounds())
	}
	if isStruct(v) {
		// Field names help more than they cost: {A:1 B:2}, not {1 2}.
		return fmt.Sprintf("%+v", v)
	}
	return fmt.Sprintf("%v", v)
}

// isStruct reports whether v is a struct, or a pointer to one, whose field
// names can be shown. yaegi exports an interpreted type's unexported field
// b as Xb; printing that name would confuse, so such structs print as %v.
func isStruct(v any) bool {
	if fv, ok := v.(*fmtValue); ok {
		return fv.exportedStruct()
	}
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if _, ok := yaegiUnexported(t.Field(i).Name); ok {
			return false
		}
	}
	return true
}
