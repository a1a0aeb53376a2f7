#!/bin/sh
# examples/list_nics.c, a client of the public API alone: its output on the
# bundled domain, and its exit status by error code (1 refused by libvirt's
# rules, 2 anything else: not XML, a limit reached).
#   example.sh LIST_NICS EXAMPLES_DIR
set -u
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") dir=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {
  if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
cd "$dir" || exit 1
"$prog" legacy-domain.xml >"$tmp/out" 2>"$tmp/err"
check "the bundled domain lists (status $?)" "[ $? -eq 0 ] && [ ! -s '$tmp/err' ]"
check "eight NICs" "[ \$(wc -l <'$tmp/out') -eq 8 ]"
check "the OVS bridge, MAC lower-cased" \
  "grep -qx 'legacy-domain.xml:20:5: bridge fa:16:3e:5d:c7:9e on br-int' '$tmp/out'"
check "the hostdev VF's VLAN" \
  "grep -qx 'legacy-domain.xml:41:5: hostdev fa:16:3e:44:55:66 vlan 1000' '$tmp/out'"
check "the vhostuser socket" "grep -q 'vhostuser .* on /var/run/openvswitch/' '$tmp/out'"

printf '<domain><devices><interface type="bridge"><mac address="zz"/>' >"$tmp/refused.xml"
printf '<source bridge="b"/></interface></devices></domain>\n' >>"$tmp/refused.xml"
"$prog" "$tmp/refused.xml" >/dev/null 2>"$tmp/err"
rc=$?
check "a refused value: status 1 (got $rc)" "[ $rc -eq 1 ]"
check "its code is invalid" "grep -q 'error (invalid): unable to parse mac address' '$tmp/err'"

printf '<domain><devices>' >"$tmp/cut.xml"
"$prog" "$tmp/cut.xml" >/dev/null 2>"$tmp/err"
rc=$?
check "a cut file: status 2 (got $rc)" "[ $rc -eq 2 ]"
check "its code is syntax" "grep -q 'cut.xml:1:18: error (syntax): no element found' '$tmp/err'"
# A limit reached is no refusal by libvirt: status 2, even after a refused
# file (2 wins over 1).
i=0 open='' close=''
while [ $i -lt 300 ]; do open="$open<x>" close="$close</x>" i=$((i + 1)); done
printf '<domain><devices><interface type="bridge"><source bridge="b"/>%s%s' \
  "$open" "$close" >"$tmp/deep.xml"
printf '</interface></devices></domain>\n' >>"$tmp/deep.xml"
"$prog" "$tmp/refused.xml" "$tmp/deep.xml" >/dev/null 2>"$tmp/err"
rc=$?
check "a limit reached: status 2 (got $rc)" "[ $rc -eq 2 ]"
check "its code is limit" "grep -q 'deep.xml:1:[0-9]*: error (limit): elements nested deeper than 256' '$tmp/err'"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
