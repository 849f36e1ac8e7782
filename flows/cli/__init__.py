"""The command line: the typer app and the checks that turn its arguments into a plan.

Bad input becomes one line on stderr and a non-zero exit here, never a traceback.
May import every other room; nothing imports it.
"""
