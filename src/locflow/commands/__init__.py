"""The shell: one module per command, side by side over `locflow.workspace`.

Each module is "what happens when I run X": it finds the files, calls the
stages and writes the results. No command module imports another; `cli`
composes them (``build --strict`` runs the check itself).
"""
