#!/bin/bash
# memory.sh VIFXML VIFXML-GEN: every bulk command runs in bounded memory:
# peak RSS at most 16 MiB on 64 MB of generated domains (one <domains>
# document, the default shape: about 23,000 interfaces in 11,800 domains).
#
# normalize, roundtrip, migrate, resolve and to-vif stream: their memory
# does not grow with the input (to-vif's lines beyond 1 MiB wait in a
# temporary file until the file has read). lint streams too, but its fleet
# checks remember each MAC, host PCI device, vhost-user server socket and
# tap across all inputs (about 30 bytes per interface), and it holds the
# findings of the input being read (about 50 bytes each) to report them in
# order: under 4 MiB here. So lint also runs on 32 MB of the dense shape
# (68,535 interfaces in 19,563 domains: about 5.4 MiB), held to 6.5 MiB;
# with 95 bytes per interface and whole messages per finding, as lint once
# had, it took 8.8 MiB (and 21.8 MiB on 100 MB of that shape, where it now
# takes 10.8 MiB).
set -u
vifxml=$1 gen=$2
limit=16384 # KiB
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
"$gen" --seed 7 64M >"$work/in.xml" 2>"$work/gen" ||
  { echo "FAIL cannot generate the input"; exit 1; }
interfaces=$(sed -n 's/.* \([0-9]*\) interfaces$/\1/p' "$work/gen" | head -1)
# resolve: the generated network interfaces name the network 'default'
cat >"$work/net.xml" <<'EOF'
<network>
  <name>default</name>
  <forward mode='nat'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'/>
</network>
EOF

# run NAME MAX-EXIT ARGS...: vifxml ARGS on $in (output to $out), within
# the limit and exiting with at most MAX-EXIT (lint and to-vif exit 1 on
# what they find).
in=$work/in.xml out=/dev/null
run() {
  local name=$1 max=$2
  shift 2
  /usr/bin/time -f %M -o "$work/rss" "$vifxml" "$@" "$in" >"$out"
  local rc=$? rss
  rss=$(tail -1 "$work/rss")
  case $rss in '' | *[!0-9]*) rss=0 ;; esac
  if [ "$rc" -le "$max" ] && [ "$rss" -gt 0 ] && [ "$rss" -le "$limit" ]; then
    pass=$((pass + 1)); echo "PASS $name: exit $rc, peak RSS $rss KiB"
  elif [ "$rc" -gt "$max" ]; then
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (at most $max expected), peak RSS $rss KiB"
  else
    fail=$((fail + 1)); echo "FAIL $name: peak RSS $rss KiB, over the limit of $limit KiB"
  fi
}

run "normalize -q" 0 normalize -q
run "roundtrip -q" 0 roundtrip -q
run "migrate -q --map" 0 migrate -q --map bridge:br-int=br-new
run "migrate -q --match --set" 0 migrate -q --match source.bridge=br-int \
  --set network.bridge=br-new
run "lint -q" 1 lint -q
run "resolve -q" 0 resolve -q --network "$work/net.xml"
if "$gen" --seed 7 --shape dense 32M >"$work/dense.xml" 2>/dev/null; then
  in=$work/dense.xml limit=6656
  run "lint -q (dense)" 1 lint -q
  in=$work/in.xml limit=16384
else
  fail=$((fail + 1)); echo "FAIL cannot generate the dense input"
fi
out=$work/out
run "to-vif -q" 1 to-vif -q
# to-vif's output, held in part on disk, is all there: a line per interface
lines=$(wc -l <"$work/out")
if [ -n "$interfaces" ] && [ "$lines" = "$interfaces" ]; then
  pass=$((pass + 1)); echo "PASS to-vif -q: $lines lines, one per interface"
else
  fail=$((fail + 1)); echo "FAIL to-vif -q: $lines lines for ${interfaces:-?} interfaces"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
