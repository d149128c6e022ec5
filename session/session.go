// Package session runs Go cells with the yaegi interpreter, keeping
// variables, functions, types and running goroutines alive from one cell to
// the next. It implements evaluator.Evaluator.
//
// A cell is Go as a learner writes it: imports, declarations and statements
// in any order, ending perhaps with an expression whose value is shown.
// Execute runs its magics (magic.go), has package cellsource split and plan
// the rest into chunks, and runs the chunks one after another (runChunk):
// each is checked and rewritten by cellsource.Compiler, then compiled and
// run by yaegi; a cell under %%run, or one that begins with package main,
// is built with the Go toolchain and run as a program instead (run.go).
// Errors are put in the learner's terms in errors.go;
// goroutines started by cells are run and their panics reported in
// goroutines.go, their output routed in output.go.
package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"io"
	"log"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/runtime/display"
	"github.com/gothreads/gothreads/runtime/hook"
	"github.com/gothreads/gothreads/runtime/logging"
	"github.com/gothreads/gothreads/session/symbols"
)

// rtPath is the import path of the session's own helpers, which rewritten
// cells call as __rt.Display and the like. Learners never write it.
const rtPath = "gothreads/rt"

// preloaded are imported in every session, so that short cells need no
// import line. A cell may import them again: duplicates are dropped.
var preloaded = []string{
	"fmt", "time", "sync", "sync/atomic", "context", "errors",
	"strings", "strconv", "math", "os", "sort", "runtime",
	"github.com/gothreads/gothreads/runtime/display",
	"github.com/gothreads/gothreads/runtime/threading",
	"github.com/gothreads/gothreads/runtime/queue",
	"github.com/gothreads/gothreads/runtime/logging",
	"github.com/gothreads/gothreads/runtime/futures",
	"github.com/gothreads/gothreads/runtime/collections",
	"github.com/gothreads/gothreads/runtime/generator",
}

// Session is one live Go session. Its methods are safe for concurrent use,
// but Execute runs one cell at a time.
type Session struct {
	interp *interp.Interpreter
	router *router
	logger *log.Logger // package log's standard logger, for cells

	execMu sync.Mutex // held while a cell runs
	// deadlockCheck and deadlockAfter pace the deadlock hint (deadlock.go).
	deadlockCheck, deadlockAfter time.Duration

	mu       sync.Mutex
	cancel   context.CancelFunc // interrupts the running cell
	checking atomic.Bool        // a checkStopped runs
	lastStop atomic.Int64       // when Interrupt was last called, in Unix ns
	exited   atomic.Int64       // os.Exit's status + 1 in the running cell; 0: none (exit.go)

	// Unstoppable, if set, is called when goroutines of stopped cells are
	// still there seconds after the stop, with what they are; the worker
	// ends itself, so that the kernel starts a fresh session and says so.
	Unstoppable func(report string)
	result      []any                // values passed to __rt.Display by the running cell
	shown       bool                 // whether __rt.Display ran
	defers      []func()             // calls deferred at the running cell's top level
	calling     func()               // the deferred call being made (defer.go)
	imports     map[string]bool      // "name path" of every import done so far
	generics    map[string]bool      // packages whose generic sources are compiled (generic.go)
	sources     map[int]string       // cell sources by execution count, for error lines
	decls       *cellsource.Index    // declarations of every cell, for completion
	compiler    *cellsource.Compiler // turns chunks into programs; made by init
	// stdStreams are os.Stdout and os.Stderr, restored before each cell.
	stdStreams []stdVar
	builders   builders // for compiled cells (run.go)

	ready   chan struct{} // closed once init has finished
	initErr error         // set before ready is closed
}

// New starts a session and waits until it is ready. Output written outside
// any cell goes to orphans.
func New(orphans io.Writer) (*Session, error) {
	s := Start(orphans)
	return s, s.wait()
}

// Start starts a session and returns at once; the session loads its
// packages in the background, so that a kernel can answer its first
// requests meanwhile. Methods that need the interpreter wait for it, and
// Execute reports a failed start as the cell's error.
func Start(orphans io.Writer) *Session {
	s := &Session{router: newRouter(orphans), deadlockCheck: deadlockCheck, deadlockAfter: deadlockAfter, imports: map[string]bool{}, generics: map[string]bool{}, sources: map[int]string{},
		decls: cellsource.NewIndex(), ready: make(chan struct{})}
	go func() {
		defer close(s.ready)
		s.initErr = s.init()
	}()
	return s
}

// Ready blocks until the session has started and returns the error that
// stopped it from starting, if any.
func (s *Session) Ready() error { return s.wait() }

// wait blocks until the session is ready and returns the start error.
func (s *Session) wait() error {
	<-s.ready
	return s.initErr
}

func (s *Session) init() error {
	// Capture os.Stdout and os.Stderr writes made by interpreted code too,
	// not only fmt.Print and friends.
	os.Setenv("YAEGI_SPECIAL_STDIO", "1")
	// yaegi reports some failures to compile with log.Panic, which prints
	// the message on the standard logger before panicking; the panic
	// becomes the cell's error, and the printed line would only repeat it,
	// dated, in the cell's output. Cells' own log calls use a logger of
	// the interpreter's.
	log.SetOutput(io.Discard)

	display.SetPublisher(displays{})
	// The runtime packages write through the router, report goroutine
	// panics to the cell that started the goroutine, and stop waiting on an
	// interrupt (see Interrupt).
	hook.SetOutput(s.router.writer("stdout"), s.router.writer("stderr"))
	hook.SetPanicHandler(s.runtimePanic)
	hook.SetUnbox(unbox)
	hook.SetGoroutine(goroutineKind)
	// A pool's task runs under the label of the goroutine that submitted
	// it: its output goes to that cell, and it is stopped with that cell.
	hook.SetOrigin(func() any { return getProfLabel() }, func(label any, f func()) {
		l, ok := label.(unsafe.Pointer)
		if !ok { // not a token Origin gave (a cell calling hook.RunAs)
			f()
			return
		}
		old := getProfLabel()
		setProfLabel(l)
		defer setProfLabel(old)
		f()
	})
	s.interp = interp.New(interp.Options{
		Stdout: s.router.writer("stdout"),
		Stderr: s.router.writer("stderr"),
		Stdin:  &stdinReader{r: s.router},
		Env:    os.Environ(),
	})
	s.compiler = cellsource.NewCompiler(s.interp.FileSet(), s.decls)
	s.compiler.TypeArgsWritable = typeArgsWritable
	if tc := newTypeChecker(s.importPaths); tc != nil {
		s.compiler.Types = tc
		// Reading the standard library's source takes a second or so:
		// begin while the first cell is awaited.
		go func() {
			for _, p := range preloaded {
				tc.Import(p)
			}
		}()
	}
	// A function value called on a goroutine of a stopped cell runs
	// nothing; called by any other, it runs, however old it is.
	s.interp.SetStaleCaller(callerStopped)
	// Frames of a panic that a recover stopped belong to no error.
	s.interp.SetRecoverHook(recovered)
	// fmt prints values of cells' types as the compiled program would.
	s.interp.SetFmtArg(printArg)
	s.interp.SetFmtMethods(printsAsFmt)
	for _, syms := range []interp.Exports{stdlib.Symbols, symbols.Symbols, s.rtSymbols(), s.overrides()} {
		if err := s.interp.Use(syms); err != nil {
			return fmt.Errorf("loading symbols: %w", err)
		}
	}
	recordSpacing(s.interp)
	var src strings.Builder
	src.WriteString("package main\nimport (\n\t__rt \"" + rtPath + "\"\n")
	for _, p := range preloaded {
		fmt.Fprintf(&src, "\t%q\n", p)
	}
	src.WriteString(")\n")
	if err := s.runImports(context.Background(), src.String()); err != nil {
		return fmt.Errorf("preloading packages: %w", err)
	}
	if _, err := s.interp.Eval(cellsource.Prelude); err != nil {
		return fmt.Errorf("compiling the prelude: %w", err)
	}
	return nil
}

// typeOfFunc is __rt.TypeOf, the %T of print calls.
var typeOfFunc = reflect.ValueOf(typeOf)

// rtSymbols are the helpers rewritten cells call.
func (s *Session) rtSymbols() interp.Exports {
	stderr := s.router.writer("stderr")
	display := reflect.ValueOf(s.display)
	return interp.Exports{rtPath + "/rt": {
		"Print":   reflect.ValueOf(func(args ...any) { builtinPrint(stderr, false, args) }),
		"Println": reflect.ValueOf(func(args ...any) { builtinPrint(stderr, true, args) }),
		"Display": display,
		"TypeOf":  typeOfFunc,
		"Pointer": reflect.ValueOf(pointer),
		"Go":      reflect.ValueOf(s.goStmt),
		"GoSlice": reflect.ValueOf(s.goStmtSlice),
		"Clear":   reflect.ValueOf(clearBuiltin),
		// %T of an error (pass printf-args).
		"TypeName": reflect.ValueOf(errorTypeName),
		// The defer statements at a cell's top level (defer.go).
		"Defer":        reflect.ValueOf(s.deferred),
		"CallDeferred": reflect.ValueOf(s.callDeferred),
	}, ".": {
		// A value of a cell's type reaches compiled code without its
		// methods, unless yaegi is told to wrap it as an interface it
		// implements, as it does for fmt.Println. Then a value shown at
		// the end of a cell uses its String or Error method, as printing
		// it does.
		"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
			// error first: fmt prefers Error to String, and yaegi wraps
			// a value as the first of these it implements.
			display: {reflect.TypeFor[error](), reflect.TypeFor[fmt.Stringer]()},
			// The %T of a print call (see typeOf): fmt.Stringer makes the
			// interpreter describe its argument's type.
			typeOfFunc: {reflect.TypeFor[fmt.Stringer]()},
			// The runtime's logging formats its arguments with fmt.
			reflect.ValueOf(logging.Debug):     fmtArgs,
			reflect.ValueOf(logging.Info):      fmtArgs,
			reflect.ValueOf(logging.Warning):   fmtArgs,
			reflect.ValueOf(logging.Error):     fmtArgs,
			reflect.ValueOf(logging.Critical):  fmtArgs,
			reflect.ValueOf(logging.Exception): fmtArgs,
		}),
	}}
}

// overrides replace standard library symbols whose behaviour would kill
// the session: see goroutines.go and mutex.go.
func (s *Session) overrides() interp.Exports {
	stdout := &StdStream{name: "/dev/stdout", w: s.router.writer("stdout")}
	stderr := &StdStream{name: "/dev/stderr", w: s.router.writer("stderr")}
	s.stdStreams = []stdVar{{"os.Stdout", &stdout, stdout}, {"os.Stderr", &stderr, stderr}}
	fatal := reflect.ValueOf(func(v ...any) { s.logFatal(fmt.Sprint(v...)) })
	fatalf := reflect.ValueOf(func(format string, v ...any) { s.logFatal(fmt.Sprintf(format, v...)) })
	fatalln := reflect.ValueOf(func(v ...any) { s.logFatal(fmt.Sprintln(v...)) })
	// The standard logger of cells: package log's functions and
	// log.Default() are one logger, writing to the cell's standard error
	// (the interpreter's own left log.Default() the process's, which
	// writes nowhere).
	std := log.New(stderr, "", log.LstdFlags)
	s.logger = std
	logFuncs := map[string]reflect.Value{
		"Default": reflect.ValueOf(func() *log.Logger { return std }),
		"Print":   reflect.ValueOf(std.Print), "Printf": reflect.ValueOf(std.Printf), "Println": reflect.ValueOf(std.Println),
		"Panic": reflect.ValueOf(std.Panic), "Panicf": reflect.ValueOf(std.Panicf), "Panicln": reflect.ValueOf(std.Panicln),
		"Flags": reflect.ValueOf(std.Flags), "SetFlags": reflect.ValueOf(std.SetFlags),
		"Prefix": reflect.ValueOf(std.Prefix), "SetPrefix": reflect.ValueOf(std.SetPrefix),
		"Output": reflect.ValueOf(std.Output), "Writer": reflect.ValueOf(std.Writer), "SetOutput": reflect.ValueOf(std.SetOutput),
		"Fatal": fatal, "Fatalf": fatalf, "Fatalln": fatalln,
	}
	// Their arguments print as fmt's do, methods and all.
	logPrints := map[reflect.Value][]reflect.Type{}
	for _, name := range []string{"Print", "Printf", "Println", "Panic", "Panicf", "Panicln", "Fatal", "Fatalf", "Fatalln"} {
		logPrints[logFuncs[name]] = fmtArgs
	}
	return interp.Exports{
		"os/os": {
			"Stdout": reflect.ValueOf(&stdout).Elem(),
			"Stderr": reflect.ValueOf(&stderr).Elem(),
			"Exit":   reflect.ValueOf(s.exit),
			"Args":   reflect.ValueOf(&cellArgs).Elem(),
		},
		// log.Fatal prints and exits as os.Exit(1) does: no deferred call
		// runs (the interpreter's own panicked, and ran them).
		"log/log":         logFuncs,
		".":               {"MapTypes": reflect.ValueOf(logPrints)},
		"errors/errors":   {"As": reflect.ValueOf(errorsAs)},
		"time/time":       {"AfterFunc": reflect.ValueOf(s.afterFunc), "Sleep": reflect.ValueOf(sleep)},
		"context/context": {"AfterFunc": reflect.ValueOf(s.contextAfterFunc)},
		"sync/sync": {
			"Mutex":     reflect.ValueOf((*Mutex)(nil)),
			"RWMutex":   reflect.ValueOf((*RWMutex)(nil)),
			"WaitGroup": reflect.ValueOf((*WaitGroup)(nil)),
			"Cond":      reflect.ValueOf((*Cond)(nil)),
			"NewCond":   reflect.ValueOf(NewCond),
		},
	}
}

// logFatal is log.Fatal in cells: the message through the cells'
// standard logger (the one log.Print, SetFlags and SetPrefix use), then
// os.Exit(1).
func (s *Session) logFatal(msg string) {
	s.logger.Output(2, msg)
	s.exit(1)
}

// display records the value of a cell's final expression.
func (s *Session) display(vals ...any) {
	s.mu.Lock()
	s.result, s.shown = vals, true
	s.mu.Unlock()
}

// cell is one cell being run.
type cell struct {
	name  string // "cell[3]", used in error positions
	count int
	src   string
}

// Execute runs one cell. See evaluator.Evaluator.
func (s *Session) Execute(ctx context.Context, req evaluator.ExecuteRequest, pub evaluator.Publisher) evaluator.Result {
	if err := s.wait(); err != nil {
		msg := "the Go session could not start: " + err.Error()
		return evaluator.Result{Err: &evaluator.Error{Name: "SessionError", Value: msg, Traceback: []string{red("SessionError") + ": " + msg}}}
	}
	s.execMu.Lock()
	defer s.execMu.Unlock()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.exited.Store(0)
	s.mu.Lock()
	s.cancel = cancel
	s.result, s.shown, s.defers = nil, false, nil
	s.sources[req.Count] = req.Code
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()

	code, opts, merr := s.magics(req.Code, pub)
	if merr != nil {
		return evaluator.Result{Err: merr}
	}
	if opts.timed {
		t := startTimer()
		defer func() { pub.Stream("stdout", t.report()) }()
	}
	s.restoreStdStreams(pub)
	c := &cell{name: cellsource.CellName(req.Count), count: req.Count, src: code}
	stop := watchDeadlock(pub, s.deadlockCheck, s.deadlockAfter, s.goroutineReport, s.router.stoppedThrough())
	defer stop() // also on a panic out of run
	sk := s.router.enter(pub, req.Count)
	defer s.router.leave(sk)
	var cellErr *evaluator.Error
	if opts.run == nil && cellsource.IsProgram(code) {
		opts.run = &runOptions{}
	}
	if opts.run != nil {
		cellErr = s.runCompiled(ctx, c, *opts.run)
	} else if err := s.run(ctx, c); err != nil {
		cellErr = s.describe(c, err, sk.takeFrames(0))
	}
	if code := s.exited.Load() - 1; code >= 0 {
		// os.Exit ran: no deferred call runs, as in Go.
		s.mu.Lock()
		s.defers = nil
		s.mu.Unlock()
		cellErr = exitError(int(code))
	}
	for _, err := range s.runDefers(ctx) {
		var lost errDefersLost
		if errors.As(err, &lost) && cellErr != nil {
			cellErr.Traceback = append(cellErr.Traceback, err.Error())
			continue
		}
		cellErr = s.alsoFailed(cellErr, s.describe(c, err, sk.takeFrames(0)))
	}
	stop()
	if cellErr != nil {
		return evaluator.Result{Err: cellErr}
	}
	s.mu.Lock()
	vals, shown := s.result, s.shown
	s.mu.Unlock()
	if !shown || req.Silent {
		return evaluator.Result{}
	}
	return evaluator.Result{Value: bundle(vals)}
}

// run plans and runs the chunks of a cell, stopping at the first error.
func (s *Session) run(ctx context.Context, c *cell) error {
	if err := s.addGenerics(c.src); err != nil {
		return err
	}
	chunks, err := cellsource.Plan(c.count, c.src)
	if err != nil {
		return err
	}
	for _, ch := range chunks {
		if err := s.runChunk(ctx, c, ch); err != nil {
			return err
		}
	}
	return nil
}

// runChunk compiles and runs one chunk of a cell.
func (s *Session) runChunk(ctx context.Context, c *cell, ch cellsource.Chunk) error {
	if ch.Kind == cellsource.Import {
		return s.runImports(ctx, ch.Source())
	}
	if ch.Kind == cellsource.Display {
		u, err := s.compiler.Compile(ch, s.globalTypes())
		if err == nil && s.compileCopies(ctx, u) == nil {
			if prog, cerr := s.compile(u.Node); cerr == nil {
				if err := s.exec(ctx, prog); err != nil {
					return err
				}
				s.compiler.Done(u)
				return nil
			}
		}
		// The expression has no value (a call to a func without results)
		// or does not compile: run it as a plain statement, which reports
		// the error, if any, in the learner's own terms.
		ch.Kind = cellsource.Stmt
	}
	u, err := s.compiler.Compile(ch, s.globalTypes())
	if u != nil {
		for _, d := range u.Warnings {
			io.WriteString(s.router.writer("stderr"), u.Warning(d)+"\n")
		}
	}
	if err != nil {
		return err
	}
	if err := s.compileCopies(ctx, u); err != nil {
		return err
	}
	if err := s.compileRun(ctx, u.Node); err != nil {
		return err
	}
	s.compiler.Done(u)
	for _, m := range u.Mains {
		// A cell's func main runs once, right after it is declared.
		if err := s.runSource(ctx, "package main\nfunc main() {\n"+m+"()\n}"); err != nil {
			return err
		}
	}
	return nil
}

// compileCopies compiles the copies of generic declarations that a
// statement chunk instantiates (cellsource's pass instantiate), before the
// chunk.
func (s *Session) compileCopies(ctx context.Context, u *cellsource.Unit) error {
	if u.Copies == nil {
		return nil
	}
	return s.compileRun(ctx, u.Copies)
}

// runImports runs an import chunk, dropping imports the session already has.
func (s *Session) runImports(ctx context.Context, src string) error {
	f, err := parser.ParseFile(s.interp.FileSet(), cellsource.SourceName, src, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	var added []string
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			decls = append(decls, d)
			continue
		}
		specs := gd.Specs[:0]
		for _, sp := range gd.Specs {
			key := cellsource.ImportKey(sp.(*ast.ImportSpec))
			if s.hasImport(key) {
				continue
			}
			specs = append(specs, sp)
			added = append(added, key)
		}
		if gd.Specs = specs; len(specs) > 0 {
			decls = append(decls, gd)
		}
	}
	if f.Decls = decls; len(decls) == 0 {
		return nil
	}
	f.Imports = nil
	if err := s.compileRun(ctx, f); err != nil {
		return err
	}
	s.mu.Lock()
	for _, k := range added {
		s.imports[k] = true
	}
	s.mu.Unlock()
	return nil
}

func (s *Session) hasImport(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.imports[key]
}

// runSource compiles and runs source the session generated itself.
func (s *Session) runSource(ctx context.Context, src string) error {
	body, err := s.parseBody(src)
	if err != nil {
		return err
	}
	return s.compileRun(ctx, body)
}

// parseBody parses a "package main; func main() {...}" source and returns
// the function's body, which yaegi runs in the session's global scope.
func (s *Session) parseBody(src string) (*ast.BlockStmt, error) {
	f, err := parser.ParseFile(s.interp.FileSet(), cellsource.SourceName, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	return f.Decls[0].(*ast.FuncDecl).Body, nil
}

func (s *Session) compileRun(ctx context.Context, n ast.Node) error {
	prog, err := s.compile(n)
	if err != nil {
		return err
	}
	return s.exec(ctx, prog)
}

// compile compiles an AST. yaegi panics on some code it does not support;
// that becomes an error here, and the session carries on.
func (s *Session) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &unsupportedError{value: r}
		}
	}()
	return s.interp.CompileAST(n)
}

func (s *Session) exec(ctx context.Context, prog *interp.Program) error {
	if err := ctx.Err(); err != nil {
		return err // interrupted between chunks: the next does not start
	}
	_, err := s.interp.ExecuteWithContext(ctx, prog)
	forgetMainFlows()
	if err == nil && ctx.Err() != nil {
		// Interrupt stopped the code, which then ended as if done.
		err = ctx.Err()
	}
	return err
}

// unsupportedError is a panic of yaegi's compiler: code it cannot handle.
type unsupportedError struct{ value any }

func (e *unsupportedError) Error() string {
	return fmt.Sprintf("the interpreter cannot compile this code (%v)%s", e.value, cellsource.CompiledHint)
}

// globalTypes tells the cell compiler the types of the session's
// variables, from one snapshot of them taken when first asked (once per
// chunk). The session's stand-ins for sync types (mutex.go) are reported as
// the types they stand for: that is what the cell's code names.
func (s *Session) globalTypes() cellsource.Globals {
	return &globalTypes{s: s}
}

type globalTypes struct {
	s    *Session
	vars map[string]reflect.Value
	took bool
}

func (g *globalTypes) Type(name string) (reflect.Type, bool) {
	if !g.took {
		g.vars, g.took = g.s.globals(), true
	}
	v, ok := g.vars[name]
	if !ok {
		return nil, false
	}
	if !v.IsValid() {
		return nil, true
	}
	t := v.Type()
	if std, ok := standsFor[t]; ok {
		t = std
	}
	return t, true
}

// globals returns the session's variables. yaegi's Globals panics on some
// states of its scope (a type declared in a statement chunk); completion and
// rewriting then do without.
func (s *Session) globals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	return s.interp.Globals()
}

// Shutdown stops the running cell. The interpreter has nothing else to
// release; its goroutines end with the process.
func (s *Session) Shutdown(restart bool) error {
	s.Interrupt()
	return nil
}
