#!/bin/sh
# The lint cases (docs/lint.md): every check has a case libvirt refuses
# (CHECK.refused*.xml; CHECK.warned*.xml for a warning) and a twin it
# accepts (CHECK.accepted*.xml). Each case's findings and exit status are
# golden (CASE.expected); the fleet directories are linted as one run each.
# docs/lint.md must hold the table `vifxml lint --list-checks` prints.
#
#   cases.sh VIFXML TESTS_LINT_DIR DOCS_LINT_MD     (UPDATE=1 rewrites goldens)
set -u
VIFXML=$1 DIR=$2 DOC=$3
case $VIFXML in /*) ;; *) VIFXML=$(pwd)/$VIFXML ;; esac
case $DOC in /*) ;; *) DOC=$(pwd)/$DOC ;; esac
cd "$DIR" || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Run lint the way the case asks (a comment `lint-args: libvirt X` or
# `lint-args: hypervisor H`); stdout and the exit status.
run() {
  args=""
  v=$(sed -n 's/.*lint-args: libvirt \([0-9.]*\).*/\1/p' "$1" | head -n1)
  [ -n "$v" ] && args="$args --libvirt=$v"
  h=$(sed -n 's/.*lint-args: hypervisor \([a-z]*\).*/\1/p' "$1" | head -n1)
  [ -n "$h" ] && args="$args --hypervisor=$h"
  # shellcheck disable=SC2086
  "$VIFXML" lint $args "$@" 2>&1
  echo "exit $?"
}

golden() { # NAME OUTPUT EXPECTED-FILE
  if [ -n "${UPDATE:-}" ]; then printf '%s\n' "$2" >"$3"; fi
  if [ -f "$3" ] && [ "$2" = "$(cat "$3")" ]; then ok; else
    bad "$1: output differs from $3:"
    printf '%s\n' "$2" | diff "$3" - | sed 's/^/    /'
  fi
}

for f in cases/*.xml; do
  c=$(basename "$f" .xml)
  out=$(run "$f")
  golden "$c" "$out" "cases/$c.expected"
  id=${c%%.*}
  case $c in
    *.refused*) echo "$out" | grep -q ": error: .* \[$id\]\$" && ok || bad "$c: no error [$id]" ;;
    *.warned*) echo "$out" | grep -q ": warning: .* \[$id\]\$" && ok || bad "$c: no warning [$id]" ;;
    *.accepted*) echo "$out" | grep -q "\[$id\]\$" && bad "$c: reports [$id]" || ok
                 echo "$out" | grep -q ": error: " && bad "$c: reports an error" || ok ;;
  esac
done

for d in fleet/*/; do
  d=${d%/}
  golden "$d" "$("$VIFXML" lint -r "$d" 2>&1; echo "exit $?")" "$d.expected"
done

# Every check of the table has its cases.
ids=$("$VIFXML" lint --list-checks | sed -n 's/^| `\([a-z0-9-]*\)` .*/\1/p')
[ -n "$ids" ] && ok || bad "no checks listed"
for id in $ids; do
  case $id in
    fleet-*)
      grep -q "\[$id\]" fleet/shared.expected && ok || bad "$id: not in fleet/shared.expected"
      grep -q "\[$id\]" fleet/distinct.expected && bad "$id: in fleet/distinct.expected" || ok ;;
    *)
      { ls cases/"$id".refused*.xml || ls cases/"$id".warned*.xml; } >/dev/null 2>&1 && ok || bad "$id: no refused (or warned) case"
      ls cases/"$id".accepted*.xml >/dev/null 2>&1 && ok || bad "$id: no accepted case" ;;
  esac
  grep -q "\`$id\`" "$DOC" && ok || bad "$id: not in $DOC"
done

# docs/lint.md holds the table as the library has it.
table=$("$VIFXML" lint --list-checks)
doc=$(sed -n '/<!-- checks:begin -->/,/<!-- checks:end -->/p' "$DOC" | sed '1d;$d')
[ "$table" = "$doc" ] && ok || { bad "$DOC: the table differs from 'vifxml lint --list-checks':"; printf '%s\n' "$table" | diff - "$(printf '%s\n' "$doc" >"${TMPDIR:-/tmp}/lintdoc.$$"; echo "${TMPDIR:-/tmp}/lintdoc.$$")" | head -20; rm -f "${TMPDIR:-/tmp}/lintdoc.$$"; }

# Output formats and usage.
f=cases/vlan-type.refused.xml
j=$("$VIFXML" lint --format=json "$f")
[ "$j" = '{"file":"cases/vlan-type.refused.xml","line":11,"column":7,"severity":"error","check":"vlan-type","message":"interface (no mac) - vlan tag not supported for this connection type","phase":"start"}' ] && ok || bad "json: $j"
s=$("$VIFXML" lint --format=sarif "$f")
printf '%s\n' "$s" | grep -q '"version":"2.1.0"' && printf '%s\n' "$s" | grep -q '"ruleId":"vlan-type"' && ok || bad "sarif: $s"
if command -v python3 >/dev/null; then
  printf '%s\n' "$s" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["runs"][0]; assert len(r["tool"]["driver"]["rules"])>20; x=r["results"][0]; assert r["tool"]["driver"]["rules"][x["ruleIndex"]]["id"]==x["ruleId"]; assert x["locations"][0]["physicalLocation"]["region"]["startLine"]==11' && ok || bad "sarif: not valid"
fi
"$VIFXML" lint --format=xml "$f" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "bad --format: not exit 2"
"$VIFXML" lint --libvirt=nine "$f" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "bad --libvirt: not exit 2"
"$VIFXML" lint --hypervisor=vbox "$f" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "bad --hypervisor: not exit 2"
"$VIFXML" lint cases/nonexistent.xml >/dev/null 2>&1; [ $? = 2 ] && ok || bad "missing file: not exit 2"
"$VIFXML" lint -q cases/mac-unique.warned.xml >/dev/null 2>&1; [ $? = 0 ] && ok || bad "warnings only: not exit 0"
[ -z "$("$VIFXML" lint -q cases/mac-unique.warned.xml)" ] && ok || bad "-q prints warnings"
out=$(printf '%s\0' cases/vlan-type.refused.xml cases/vlan-type.accepted.xml | "$VIFXML" lint -0 --format=json | wc -l)
[ "$out" = 1 ] && ok || bad "-0: $out findings"
# The hypervisor decides: scripts on a bridge are fine for Xen.
out=$("$VIFXML" lint --hypervisor=xen cases/script-type.refused.xml)
[ -z "$out" ] && ok || bad "--hypervisor=xen: $out"
out=$("$VIFXML" lint < cases/script-type.refused.xml)
echo "$out" | grep -q '^<stdin>:11:7: error: scripts are not supported on interfaces of type bridge \[script-type\]$' && ok || bad "stdin: $out"

# Never a crash: every input of the other suites and the fuzz corpora gives
# exit 0, 1 or 2, and JSON lines that parse.
n=0 crashed=0 all="${TMPDIR:-/tmp}/lint-all.$$"
: >"$all"
for f in ../corpus/*.xml ../errors/* ../equiv/*.xml ../data/*.xml ../../corpus/*/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  "$VIFXML" lint --format=json "$f" >>"$all" 2>/dev/null
  rc=$?
  if [ $rc -gt 2 ]; then crashed=$((crashed + 1)); bad "$f: exit $rc"; fi
done
[ $n -gt 100 ] && [ $crashed = 0 ] && ok || bad "robustness: $n inputs, $crashed crashed"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$all" && ok || bad "JSON lines do not parse"
fi
rm -f "$all"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
