"""Command-line commands, one module per area.

Each module defines click commands and lists them in ``COMMANDS``; ``newsgraph.cli`` discovers every module
here, so adding a command never touches cli.py.  Commands are thin: they parse flags, call library functions
and print.  They raise :class:`newsgraph.errors.NewsgraphError` for anything the user must fix; cli.py turns
those into a one-line message and the documented exit code.
"""
