#!/bin/sh
# run.sh VIFXML CASES_DIR: golden tests of `vifxml migrate`.
# Each case is a directory holding `cmd` (the arguments after `migrate`, as
# shell words, run inside the case directory) and the expected results:
# `expected.out` (stdout), `expected.err` (stderr), `expected.rc` (exit
# status). A case whose run succeeds is migrated a second time, with the
# same arguments, from its own output: the result must not change
# (idempotence), unless the case has a file `not-idempotent` saying why.
# VIFXML_REGENERATE=1 rewrites the expected files; review the diff.
set -u
vifxml=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") cases=$2
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in "$cases"/*/; do
  c=${c%/}
  name=$(basename "$c")
  [ -f "$c/cmd" ] || continue
  args=$(cat "$c/cmd")
  (cd "$c" && eval "\"\$vifxml\" migrate $args") >"$tmp/out" 2>"$tmp/err"
  echo $? >"$tmp/rc"
  if [ "${VIFXML_REGENERATE:-}" = 1 ]; then
    cp "$tmp/out" "$c/expected.out"
    cp "$tmp/err" "$c/expected.err"
    cp "$tmp/rc" "$c/expected.rc"
  fi
  ok=1
  for f in out err rc; do
    if ! cmp -s "$tmp/$f" "$c/expected.$f"; then
      echo "FAIL $name: $f differs (< expected, > got)"
      diff "$c/expected.$f" "$tmp/$f" | head -40
      ok=0
    fi
  done
  # Idempotence: the output (a single input file, named last) migrated again.
  if [ $ok = 1 ] && [ "$(cat "$tmp/rc")" = 0 ] && [ ! -f "$c/not-idempotent" ] &&
     [ -s "$tmp/out" ]; then
    last=$(eval "set -- $args; eval echo \"\\\${\$#}\"")
    cp "$tmp/out" "$tmp/again.xml"
    again=$(echo "$args" | sed "s|$last\$|$tmp/again.xml|")
    (cd "$c" && eval "\"\$vifxml\" migrate -q $again") >"$tmp/out2" 2>/dev/null
    if ! cmp -s "$tmp/out" "$tmp/out2"; then
      echo "FAIL $name: migrating the output again changes it"
      diff "$tmp/out" "$tmp/out2" | head -20
      ok=0
    fi
  fi
  if [ $ok = 1 ]; then
    echo "PASS $name"
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
