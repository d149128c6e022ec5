package cellsource

import (
	"fmt"
	"go/ast"
	"go/types"
)

// errors.As(err, &target) sets target to the first error in err's chain
// that target's type can hold. The interpreter runs the errors package
// compiled, which knows the run-time types of the values, and those of a
// type a cell declares keep their methods only in the wrapper they get as
// an error: such a wrapper can be told to hold a *FieldError, but not to
// implement an interface a cell declares, which the compiled code cannot
// read (the interpreter holds its values in a form of its own). Such an
// errors.As would say false where Go says true, so it is refused.

// errorsAsTargets finds the errors.As calls whose target points to an
// interface that a cell declares or writes (other than error).
func errorsAsTargets(u *Unit) []Diagnostic {
	if u.Info == nil {
		return nil
	}
	var found []Diagnostic
	inspect(u.Node, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(found) > 0 || len(c.Args) != 2 || calleeName(u, c.Fun) != "errors.As" {
			return
		}
		p, ok := types.Unalias(u.TypeOf(c.Args[1])).(*types.Pointer)
		if !ok || !types.IsInterface(p.Elem()) || types.Identical(p.Elem(), types.Universe.Lookup("error").Type()) {
			return
		}
		if named, ok := types.Unalias(p.Elem()).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() != "main" {
			return // another package's interface, compiled
		}
		found = append(found, Diagnostic{Pos: c.Args[1].Pos(), Message: fmt.Sprintf(
			"the interpreter's errors.As cannot look for an error that implements %s, an interface a cell declares "+
				"(it would find none); assert each error of the chain in a loop of errors.Unwrap, or look for a concrete type",
			types.TypeString(p.Elem(), func(*types.Package) string { return "" })) + CompiledHint})
	})
	return found
}
