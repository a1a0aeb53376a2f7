#!/bin/bash
# hostile.sh VIFXML: hostile inputs end in exit 2 with FILE:LINE:COLUMN,
# no output, bounded time (a 20 s guard catches hangs, it measures nothing).
set -u
vifxml=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
case_() { # name, file
  local name=$1 file=$2
  timeout 20 "$vifxml" normalize "$file" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" = 2 ] && [ ! -s "$work/out" ] && grep -qE "^$file:[0-9]+:[0-9]+: error: " "$work/err"; then
    pass=$((pass + 1)); echo "PASS $name: $(head -c 160 "$work/err")"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc, $(head -c 300 "$work/err")"
  fi
}
f=$work/laughs.xml
{ echo '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
  for i in 1 2 3 4 5 6 7 8 9; do echo "<!ENTITY lol$i \"&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));&lol$((i-1));\">"; done
  echo ']><interface type="bridge"><source bridge="&lol9;"/></interface>'; } | sed 's/&lol0;/\&lol;/g' >"$f"
case_ "billion laughs" "$f"
f=$work/xxe.xml
printf '<!DOCTYPE i [<!ENTITY x SYSTEM "file:///etc/passwd">]><interface type="bridge"><source bridge="&x;"/></interface>' >"$f"
case_ "external entity" "$f"
f=$work/deep.xml
python3 -c 'import sys; n=1000000; sys.stdout.write("<a>"*n + "</a>"*n)' >"$f"
case_ "a million nested elements" "$f"
f=$work/bigattr.xml
python3 -c 'import sys; sys.stdout.write("<interface type=\"bridge\"><source bridge=\"" + "b"*(64<<20) + "\"/></interface>")' >"$f"
case_ "64 MB attribute in an interface" "$f"
f=$work/bigattr2.xml
python3 -c 'import sys; sys.stdout.write("<domain name=\"" + "b"*(64<<20) + "\"/>")' >"$f"
case_ "64 MB attribute outside interfaces" "$f"
f=$work/bigtext.xml
python3 -c 'import sys; sys.stdout.write("<domain><description>" + "t"*(8<<20) + "</description></domain>")' >"$f"
case_ "8 MB text run" "$f"
f=$work/manyattrs.xml
python3 -c 'import sys; sys.stdout.write("<interface type=\"ethernet\"><target " + " ".join("a%d=\"x\"" % i for i in range(200000)) + "/></interface>")' >"$f"
case_ "200000 unknown attributes" "$f"
f=$work/manytags.xml
python3 -c 'import sys; sys.stdout.write("<interface type=\"bridge\"><source bridge=\"b\"/><vlan trunk=\"yes\">" + "<tag id=\"1\"/>"*5000 + "</vlan></interface>")' >"$f"
case_ "5000 vlan tags" "$f"
f=$work/utf16.xml
printf '\xff\xfe<\x00a\x00/\x00>\x00' >"$f"
case_ "UTF-16 input" "$f"
f=$work/latin1.xml
printf '<?xml version="1.0" encoding="ISO-8859-1"?><a/>' >"$f"
case_ "a non-UTF-8 declared encoding" "$f"
f=$work/nul.xml
printf '<interface type="bridge"><source bridge="b\x00r"/></interface>' >"$f"
case_ "a NUL byte" "$f"
f=$work/trunc.xml
printf '<interface type="bridge"><source bridge="br0"/>' >"$f"
case_ "a truncated document" "$f"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
