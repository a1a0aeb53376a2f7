#!/bin/bash
# memory.sh VIFXML VIFXML-GEN: the streaming commands run in bounded memory
# whatever the input size: peak RSS at most 16 MiB on 64 MB of domains.
set -u
vifxml=$1 gen=$2
limit=16384 # KiB
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
"$gen" --seed 7 64M >"$work/in.xml" 2>/dev/null || { echo "FAIL cannot generate the input"; exit 1; }
for cmd in normalize roundtrip; do
  /usr/bin/time -f %M -o "$work/rss" "$vifxml" "$cmd" -q "$work/in.xml" >/dev/null
  rc=$? rss=$(tail -1 "$work/rss")
  if [ "$rc" = 0 ] && [ "$rss" -le "$limit" ]; then
    pass=$((pass + 1)); echo "PASS $cmd: exit 0, peak RSS $rss KiB"
  else
    fail=$((fail + 1)); echo "FAIL $cmd: exit $rc, peak RSS $rss KiB (limit $limit)"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
