#!/bin/bash
# cli.sh VIFXML DATA_DIR: the command line as users script against it:
# exit codes, --check/--diff/--in-place, stdin, -r, -0, --jobs, --summary.
set -u
vifxml=$(realpath "$1") data=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() { # name, wanted exit code, command...
  local name=$1 want=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else ko "$name (exit $got, want $want): $(head -c 300 "$work/err")"; fi
}

cp "$data/domain-legacy-mixed.xml" "$work/legacy.xml"
cp "$data/all-elements-bridge.xml" "$work/all.xml"
"$vifxml" normalize -q "$work/all.xml" >"$work/canon.xml"
printf '<interface type="bridge"><source bridge="br0"/><model type="x y"/></interface>\n' >"$work/bad.xml"

expect "normalize exits 0" 0 "$vifxml" normalize -q "$work/legacy.xml"
expect "--check on a canonical file exits 0" 0 "$vifxml" normalize --check "$work/canon.xml"
expect "--check on a legacy file exits 1" 1 "$vifxml" normalize --check -q "$work/legacy.xml"
[ "$(cat "$work/out")" = "$work/legacy.xml" ] && ok "--check prints the file name" || ko "--check prints the file name"
expect "--diff exits 1 when it differs" 1 "$vifxml" normalize --diff -q "$work/legacy.xml"
grep -q '^+    <interface type=.bridge.>' "$work/out" && ok "--diff prints a unified diff" || ko "--diff prints a unified diff"
expect "bad input exits 2" 2 "$vifxml" normalize "$work/bad.xml"
[ ! -s "$work/out" ] && ok "bad input yields no output" || ko "bad input yields no output"
grep -q "^$work/bad.xml:1:48: error: Model name contains invalid characters$" "$work/err" \
  && ok "error names file:line:column" || ko "error names file:line:column: $(cat "$work/err")"
expect "stdin error says <stdin>" 2 sh -c "'$vifxml' normalize < '$work/bad.xml'"
grep -q '^<stdin>:1:48: error:' "$work/err" && ok "<stdin> in messages" || ko "<stdin> in messages"
expect "several files go on after an error, 2 outranks 1" 2 "$vifxml" normalize --check -q "$work/bad.xml" "$work/legacy.xml"
grep -q legacy.xml "$work/out" && ok "the file after the bad one was checked" || ko "the file after the bad one was checked"
expect "unknown option exits 2" 2 "$vifxml" normalize --frobnicate
expect "--help exits 0" 0 "$vifxml" normalize --help
expect "--version exits 0" 0 "$vifxml" --version
expect "a missing file exits 2" 2 "$vifxml" normalize "$work/nope.xml"

cp "$work/bad.xml" "$work/bad-copy.xml"; touch -d '2001-01-01' "$work/bad-copy.xml"
expect "--in-place on a bad file exits 2" 2 "$vifxml" normalize --in-place "$work/bad-copy.xml"
cmp -s "$work/bad.xml" "$work/bad-copy.xml" && [ "$(stat -c %Y "$work/bad-copy.xml")" = "$(date -d 2001-01-01 +%s)" ] \
  && ok "a bad file is never touched" || ko "a bad file is never touched"
cp "$work/legacy.xml" "$work/inplace.xml"; chmod 640 "$work/inplace.xml"
expect "--in-place --backup exits 0" 0 "$vifxml" normalize -q --in-place --backup=.orig "$work/inplace.xml"
cmp -s "$work/inplace.xml.orig" "$work/legacy.xml" && ok "backup keeps the original" || ko "backup keeps the original"
"$vifxml" normalize -q "$work/legacy.xml" | cmp -s - "$work/inplace.xml" && ok "rewritten file is the normalized form" || ko "rewritten file is the normalized form"
[ "$(stat -c %a "$work/inplace.xml")" = 640 ] && ok "file mode kept" || ko "file mode kept"
ls -a "$work" | grep -q vifxml- && ko "no temporary file left" || ok "no temporary file left"

mkdir -p "$work/tree/a" "$work/tree/b"
cp "$data"/*.xml "$work/tree/a/"; cp "$work/legacy.xml" "$work/tree/b/"
expect "a directory without -r exits 2" 2 "$vifxml" normalize -q "$work/tree"
expect "-r walks directories" 1 "$vifxml" normalize -q --check -r "$work/tree"
[ "$(wc -l <"$work/out")" -ge 5 ] && ok "-r found the files" || ko "-r found the files"
(cd "$work/tree" && find . -name '*.xml' -print0 | sort -z | "$vifxml" normalize -q -0) >"$work/serial" 2>/dev/null
(cd "$work/tree" && find . -name '*.xml' -print0 | sort -z | "$vifxml" normalize -q -0 --jobs 3) >"$work/parallel" 2>/dev/null
[ -s "$work/serial" ] && cmp -s "$work/serial" "$work/parallel" && ok "--jobs keeps the output order (-0 input)" || ko "--jobs keeps the output order"
# One run over many files writes what a run per file writes: a thread
# keeps its stream from one file to the next, even after a bad file.
: >"$work/each.out"; : >"$work/each.err"
for f in "$work/legacy.xml" "$work/bad.xml" "$data"/*.xml; do
  "$vifxml" normalize --explain "$f" >>"$work/each.out" 2>>"$work/each.err"
done
"$vifxml" normalize --explain "$work/legacy.xml" "$work/bad.xml" "$data"/*.xml \
  >"$work/all.out" 2>"$work/all.err"
cmp -s "$work/each.out" "$work/all.out" && cmp -s "$work/each.err" "$work/all.err" \
  && ok "one run over many files writes what a run per file writes" \
  || ko "one run over many files writes what a run per file writes"
# Every job count prints what one job prints, messages included, in the same
# order, with the same exit code: bad files, warnings, links and a hard link
# to one file (also far apart in the list, where the jobs share the stats),
# a file too large to hold in memory, more files than the jobs' window.
mkdir -p "$work/jobs/d"
w=$(cat "$data/comments-before-dropped.xml")
for i in $(seq -w 1 600); do printf '%s\n' "$w" >"$work/jobs/d/w$i.xml"; done
cp "$work/bad.xml" "$work/jobs/d/m-bad.xml"; cp "$work/legacy.xml" "$work/jobs/d/n-legacy.xml"
ln "$work/jobs/d/n-legacy.xml" "$work/jobs/d/o-hard.xml"; ln -s n-legacy.xml "$work/jobs/d/p-link.xml"
ln -s nowhere.xml "$work/jobs/d/q-dangling.xml"; ln -s n-legacy.xml "$work/jobs/d/z-link.xml"
cp "$work/legacy.xml" "$work/jobs/d/y-late.xml"; ln -s y-late.xml "$work/jobs/d/a-early-link.xml"
for i in $(seq 1 500); do cat "$work/legacy.xml"; done >"$work/jobs/d/r-big.xml"
for m in "" --check --diff; do
  "$vifxml" normalize $m --jobs 1 -r "$work/jobs/d" "$work/bad.xml" >"$work/jobs/out1" 2>"$work/jobs/err1"; rc1=$?
  same=yes
  for j in 2 3 8; do
    "$vifxml" normalize $m --jobs $j -r "$work/jobs/d" "$work/bad.xml" >"$work/jobs/out$j" 2>"$work/jobs/err$j"
    [ $? = $rc1 ] && cmp -s "$work/jobs/out1" "$work/jobs/out$j" && cmp -s "$work/jobs/err1" "$work/jobs/err$j" || same=no
  done
  [ $rc1 = 2 ] && [ $same = yes ] && grep -q "m-bad.xml:1:48: error:" "$work/jobs/err1" \
    && ok "--jobs ${m:+$m }writes what one job writes, stdout, stderr and exit code" \
    || ko "--jobs ${m:+$m }writes what one job writes (exit $rc1, same: $same)"
done
expect "--summary=json" 1 "$vifxml" normalize -q --check --summary=json -r "$work/tree"
tail -n 1 "$work/err" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["files"] >= 5 and d["legacy_rewritten"] > 0 and d["by_kind"]["opaque"] > 0' \
  && ok "--summary=json counts" || ko "--summary=json counts: $(tail -n 1 "$work/err")"
expect "-- ends options" 0 "$vifxml" normalize -q -- "$work/canon.xml"
expect "options after files" 1 "$vifxml" normalize "$work/legacy.xml" --check -q
expect "roundtrip passes on goldens" 0 "$vifxml" roundtrip -q -r "$data"
expect "roundtrip --jobs 2 passes on goldens" 0 "$vifxml" roundtrip -q -j 2 -r "$data"
# A document whose normalized form is not a fixed point cannot be made from
# valid input; an input the writer cannot read back is: roundtrip reports
# parse errors as trouble, with their position.
expect "roundtrip on a bad file exits 2" 2 "$vifxml" roundtrip "$work/bad.xml"
grep -q "^$work/bad.xml:1:48: error: Model name contains invalid characters$" "$work/err" \
  && ok "roundtrip's error names file:line:column" || ko "roundtrip's error names file:line:column: $(cat "$work/err")"

# Usage errors: one line and where to look, not the whole help.
expect "an unknown option exits 2" 2 "$vifxml" normalize --frobnicate
[ "$(cat "$work/err")" = "vifxml normalize: unknown option '--frobnicate'
Try 'vifxml normalize --help' for more information." ] && ok "a usage error is one line and a pointer to --help" \
  || ko "a usage error is one line and a pointer to --help: $(cat "$work/err")"
expect "--backup= with no suffix exits 2" 2 "$vifxml" normalize --in-place --backup= "$work/canon.xml"
grep -q "^vifxml normalize: --backup needs a value$" "$work/err" && ok "--backup= says it needs a value" || ko "--backup= says it needs a value: $(cat "$work/err")"
expect "-j N" 1 "$vifxml" normalize -q --check -j 2 -r "$work/tree"
expect "-jN" 1 "$vifxml" normalize -q --check -j2 -r "$work/tree"
expect "-j0 is refused" 2 "$vifxml" normalize -q --check -j0 "$work/canon.xml"
expect "vifxml help" 0 "$vifxml" help
grep -q "vifxml help \[COMMAND\]" "$work/out" && ok "vifxml help lists the commands" || ko "vifxml help lists the commands"
expect "vifxml help normalize" 0 "$vifxml" help normalize
grep -q "^usage: vifxml normalize" "$work/out" && ok "vifxml help COMMAND is its --help" || ko "vifxml help COMMAND is its --help"
expect "vifxml help of an unknown command exits 2" 2 "$vifxml" help frobnicate
expect "vifxml with no command exits 2" 2 "$vifxml"
[ "$(wc -l <"$work/err")" = 2 ] && ok "no command: two lines" || ko "no command: two lines: $(cat "$work/err")"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
