#!/usr/bin/python3
"""Checks the committed notebooks with Jupyter's own nbformat: valid
nbformat 4, the gothreads kernelspec and Go language_info, and an error
output only in cells tagged raises-exception."""

import glob
import sys

import nbformat

problems = []
paths = sorted(glob.glob("notebooks/*.ipynb"))
if not paths:
    problems.append("no notebooks in notebooks/")
for path in paths:
    nb = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        problems.append(f"{path}: {e.message}")
    if nb.metadata.get("kernelspec", {}).get("name") != "gothreads":
        problems.append(f"{path}: kernelspec is not gothreads")
    if nb.metadata.get("language_info", {}).get("name") != "go":
        problems.append(f"{path}: language_info is not go")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in cell.metadata.get("tags", []):
            problems.append(f"{path}: cell {cell.id} has an error but no raises-exception tag")
        if not cell.outputs and cell.execution_count is None:
            problems.append(f"{path}: cell {cell.id} was not executed")

for p in problems:
    print(p)
print(f"{len(paths)} notebooks checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
