"""The Jupyter peer suite, jupyter_kernel_test, run against the installed
gothreads kernelspec (the Makefile installs it under a private prefix and
points JUPYTER_PATH at it)."""

import unittest

import jupyter_kernel_test


class GothreadsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gothreads"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'

    completion_samples = [
        # After a dot, matches replace the member name only (cursor_start is
        # just past the dot), as in ipykernel's attribute completion.
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "pri", "matches": {"print", "println"}},
    ]

    complete_code_samples = ["x := 1", "fmt.Println(1)", "func f() {}", "for i := range 3 { _ = i }"]
    incomplete_code_samples = ["func f() {", "for {", "x := []int{1,", 'fmt.Println("a",']
    invalid_code_samples = ["x := )", "func {", "}"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {"code": "struct{ A int; B string }{1, \"b\"}", "result": "{A:1 B:b}"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# title")', "mime": "text/markdown"},
    ]

    code_inspect_sample = "strings.ToUpper"
    code_clear_output = "display.Clear()"
    code_generate_error = 'panic("boom")'


if __name__ == "__main__":
    unittest.main()
