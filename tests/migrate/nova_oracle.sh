#!/bin/sh
# Runs nova_oracle.py with the system Python, where Debian's python3-nova
# lives (a script, so that `meson test --setup valgrind` traces this shell,
# not the interpreter, whose own leaks are not vifxml's).
exec /usr/bin/python3 "$(dirname "$0")/nova_oracle.py" "$@"
