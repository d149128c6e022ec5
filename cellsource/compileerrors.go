package cellsource

import (
	"go/ast"
	"go/types"
	"strings"
)

// Compile errors, as the Go compiler gives them. The type checker has
// seen the chunk before any pass (TypeChecker); what it found wrong is
// wrong in Go too, with three exceptions that belong to notebooks: a
// variable declared at a cell's top level is the session's, for later
// cells to use, an import is the session's too, and a value on a line of
// its own at a cell's top level is shown. The interpreter
// would find some of the rest later, in words of its own, and some not
// at all: a variable declared and not used inside a function, a missing
// return, a label never used.
//
// The check trusts the checker only where it knew everything the chunk
// names: an undefined name may be one the session has and the checker
// was not told of (a package imported for the learner, a variable whose
// type cannot be written at package level), so one such error and the
// check stays silent, leaving the chunk to the interpreter.
func compileErrors(u *Unit) []Diagnostic {
	if u.Info == nil || len(u.TypeErrors) == 0 {
		return nil
	}
	for _, e := range u.TypeErrors {
		if unsure(e.Msg) {
			return nil
		}
	}
	top := u.topScope()
	var ds []Diagnostic
	for _, e := range u.TypeErrors {
		if strings.HasPrefix(e.Msg, "declared and not used: ") && top != nil && u.declaredIn(e, top) {
			continue
		}
		if strings.Contains(e.Msg, "imported and not used") || strings.HasSuffix(e.Msg, " is not used") && u.atTopLevel(e) {
			continue // a value on a line of its own at a cell's top level is shown
		}
		ds = append(ds, Diagnostic{Pos: e.Pos, Message: e.Msg})
	}
	return ds
}

// unsure reports whether an error may come from what the checker was not
// told of, rather than from the chunk.
func unsure(msg string) bool {
	return strings.HasPrefix(msg, "undefined: ") || strings.Contains(msg, "could not import")
}

// topScope is the scope of a statement chunk's top level, where the
// session's variables are declared; nil for other chunks.
func (u *Unit) topScope() *types.Scope {
	if u.Chunk.Kind != Stmt || len(u.File.Decls) == 0 {
		return nil
	}
	fd, ok := u.File.Decls[len(u.File.Decls)-1].(*ast.FuncDecl)
	if !ok {
		return nil
	}
	return u.Info.Scopes[fd.Type]
}

// atTopLevel reports whether e is in an expression statement at a
// statement chunk's top level.
func (u *Unit) atTopLevel(e types.Error) bool {
	if u.Chunk.Kind != Stmt {
		return false
	}
	fd, ok := u.File.Decls[len(u.File.Decls)-1].(*ast.FuncDecl)
	if !ok {
		return false
	}
	for _, st := range fd.Body.List {
		if es, ok := st.(*ast.ExprStmt); ok && es.Pos() <= e.Pos && e.Pos < es.End() {
			return true
		}
	}
	return false
}

// declaredIn reports whether the variable e is about was declared in
// scope.
func (u *Unit) declaredIn(e types.Error, scope *types.Scope) bool {
	for id, obj := range u.Info.Defs {
		if id.Pos() == e.Pos && obj != nil {
			return obj.Parent() == scope
		}
	}
	return false
}
