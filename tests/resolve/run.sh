#!/bin/sh
# The resolve cases. Each cases/NAME.args is the argument list of one
# `vifxml resolve` run, with paths relative to this folder; NAME.out and
# NAME.err are what the run must print on standard output and standard
# error (no .err: nothing), and it must exit 2 when NAME.err holds an error,
# 0 otherwise. Each bad-networks/NAME.xml, given as the only network, must
# be refused with exactly NAME.err.
#
#   sh run.sh VIFXML [DIR]        prints a line per failure, then the counts
#   VIFXML_REGEN=1 sh run.sh ...  writes the expected files instead (review
#                                 them before committing)
case $1 in
/*) vifxml=$1 ;;
*) vifxml=$(pwd)/$1 ;;
esac
cd "${2:-$(dirname "$0")}" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# check NAME EXPECTED_STEM ARGS...
check() {
  name=$1 stem=$2
  shift 2
  "$vifxml" resolve "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ -n "$VIFXML_REGEN" ]; then
    cp "$tmp/out" "$stem.out"
    if [ -s "$tmp/err" ]; then cp "$tmp/err" "$stem.err"; else rm -f "$stem.err"; fi
    [ -s "$stem.out" ] || rm -f "$stem.out"
  fi
  want_rc=0
  [ -f "$stem.err" ] && grep -q ': error: ' "$stem.err" && want_rc=2
  why=
  if [ "$rc" != "$want_rc" ]; then
    why="exit $rc, expected $want_rc"
  elif ! cmp -s "$tmp/out" "${stem}.out" 2>/dev/null &&
       ! { [ ! -f "$stem.out" ] && [ ! -s "$tmp/out" ]; }; then
    why="standard output differs: $(diff "$stem.out" "$tmp/out" 2>&1 | head -20)"
  elif ! cmp -s "$tmp/err" "${stem}.err" 2>/dev/null &&
       ! { [ ! -f "$stem.err" ] && [ ! -s "$tmp/err" ]; }; then
    why="standard error differs: $(diff "$stem.err" "$tmp/err" 2>&1 | head -20)"
  fi
  if [ -n "$why" ]; then
    echo "FAIL $name: $why"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}

for args in cases/*.args; do
  stem=${args%.args}
  # shellcheck disable=SC2046 # the .args line is split into words on purpose
  check "$stem" "$stem" $(cat "$args")
done
for net in bad-networks/*.xml; do
  stem=${net%.xml}
  check "$stem" "$stem" --network "$net" inputs/empty.xml
done

# The command line itself.
if "$vifxml" resolve inputs/empty.xml >/dev/null 2>&1; then
  echo "FAIL usage: resolve without --network must exit 2"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi
if "$vifxml" resolve --help | grep -q -- '--network FILE'; then
  passed=$((passed + 1))
else
  echo "FAIL usage: --help must describe --network"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
