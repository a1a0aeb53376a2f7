#!/bin/sh
# exports.sh LIBRARY HEADER: the shared library exports exactly the
# functions the header marks VIFXML_API (symbols are hidden by default).
set -eu
lib=$1 header=$2
want=$(sed -n 's/^VIFXML_API[^(]*[ *]\([a-z_0-9]*\)(.*/\1/p' "$header" | sort)
got=$(nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort)
if [ "$want" = "$got" ]; then
  echo "PASS exports match the header ($(echo "$want" | wc -l) functions)"
  echo "1 passed, 0 failed"
else
  echo "FAIL exports differ from the header (< header, > library):"
  tmp=$(mktemp); echo "$want" > "$tmp"; echo "$got" | diff "$tmp" - || true; rm -f "$tmp"
  echo "0 passed, 1 failed"
  exit 1
fi
