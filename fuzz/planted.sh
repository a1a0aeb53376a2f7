#!/bin/bash
# Planted-bug check: does the roundtrip target find a writer that stops
# escaping one character? Not run by CI (docs/fuzzing.md).
#
#   fuzz/planted.sh COPY [BUG]
#
# COPY is a scratch copy of the source tree (made from the tree this script
# is in when COPY does not exist yet; never this tree itself). BUG is the
# escape the sed below removes from COPY/lib/write.c:
#   amp (default) '&'   lt '<'   gt '>'   apos "'" in attributes
#   tab '\t' in attributes   nl '\n' in attributes   cr '\r'
# Then, in COPY/build-planted (CC=clang -Dfuzzing=libfuzzer, ASan+UBSan):
#   1. replay_roundtrip is built from the unchanged tree and kept;
#   2. the sed is applied and fuzz_roundtrip/replay_roundtrip are rebuilt;
#   3. seeds from corpus/roundtrip/ that fail already (a bug still open, or
#      a seed that shows the planted bug by itself) are left out, so the
#      fuzzer has to find the bug;
#   4. libFuzzer runs for at most PLANTED_SECONDS (60) with fuzz/xml.dict.
# Exit 0 when the run crashed on an input that the planted build rejects and
# the unchanged build accepts (the planted bug was found; the time to
# detection is printed), 1 when it was not found in time or the crash was
# something else, 2 on trouble (build, sed no longer matching write.c).
# VIFXML_FUZZ_IGNORE passes through (e.g. 'escape;escape-raw' to see
# whether the parse path alone finds the bug).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
copy=${1:?usage: fuzz/planted.sh COPY [BUG]}
bug=${2:-amp}
secs=${PLANTED_SECONDS:-60}

case $bug in # the character's code
amp) c=38 ;; lt) c=60 ;; gt) c=62 ;; apos) c=39 ;; quot) c=34 ;;
tab) c=9 ;; nl) c=10 ;; cr) c=13 ;;
*) echo "planted: unknown bug '$bug'" >&2; exit 2 ;;
esac
# In escaped() (the writer's escaping of attribute values and text), let
# the character through unescaped when it is in an attribute value.
expr="/^static void escaped(/,/^}/ s/^\\(  for (; \\*s; s++) {\\)\$/\\1\\n    if (attr \\&\\& *s == $c) continue; \\/* planted *\\//"

if [ ! -e "$copy" ]; then
  mkdir -p "$copy" &&
    tar -C "$here" --exclude=./build --exclude='./build-*' --exclude=./.git \
      -cf - . | tar -C "$copy" -xf - || exit 2
fi
copy=$(cd "$copy" && pwd)
if [ "$copy" = "$here" ]; then
  echo "planted: COPY must be a scratch copy, not this tree" >&2
  exit 2
fi
[ -f "$copy/lib/write.c" ] && [ -f "$copy/fuzz/fuzz_roundtrip.c" ] || {
  echo "planted: $copy is not a vifxml tree" >&2
  exit 2
}
b=$copy/build-planted
work=$copy/planted-work
rm -rf "$work"
mkdir -p "$work"
log() { printf '== %s\n' "$*"; }

# A copy made earlier may already hold a planted write.c: start from the
# original one.
[ -f "$copy/write.c.orig" ] && cp "$copy/write.c.orig" "$copy/lib/write.c"
cp "$copy/lib/write.c" "$copy/write.c.orig"

if [ ! -f "$b/build.ninja" ]; then
  log "configuring $b"
  CC=clang meson setup "$b" "$copy" -Dfuzzing=libfuzzer \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >"$work/setup.log" 2>&1 ||
    { tail -20 "$work/setup.log"; exit 2; }
fi
log "building the unchanged replay_roundtrip"
ninja -C "$b" fuzz/replay_roundtrip >"$work/build.log" 2>&1 ||
  { tail -20 "$work/build.log"; exit 2; }
cp "$b/fuzz/replay_roundtrip" "$work/replay-clean"

log "planting '$bug': sed -e '$expr' lib/write.c"
sed -i -e "$expr" "$copy/lib/write.c"
if cmp -s "$copy/lib/write.c" "$copy/write.c.orig"; then
  echo "planted: the sed no longer matches lib/write.c; update planted.sh" >&2
  exit 2
fi
diff -u "$copy/write.c.orig" "$copy/lib/write.c" | sed -n 's/^[-+] /  &/p'
ninja -C "$b" fuzz/fuzz_roundtrip fuzz/replay_roundtrip >>"$work/build.log" 2>&1 ||
  { tail -20 "$work/build.log"; exit 2; }

log "screening the seeds"
mkdir -p "$work/seeds"
cp "$here/corpus/roundtrip"/* "$work/seeds"/ 2>/dev/null
find "$work/seeds" -name 'README*' -delete
open=0 shows=0
for f in "$work/seeds"/*; do
  if ! { "$work/replay-clean" "$f" >/dev/null 2>&1; } 2>/dev/null; then
    open=$((open + 1)) && rm -f "$f"
  elif ! { "$b/fuzz/replay_roundtrip" "$f" >/dev/null 2>&1; } 2>/dev/null; then
    shows=$((shows + 1)) && rm -f "$f"
  fi
done
echo "  $(ls "$work/seeds" | wc -l) seeds kept; left out: $shows that show" \
  "the planted bug by themselves, $open that fail without it (open bugs)"

log "fuzzing for at most $secs s"
start=$(date +%s%N)
"$b/fuzz/fuzz_roundtrip" -max_total_time="$secs" -timeout=5 \
  -rss_limit_mb=2048 -max_len=8192 -dict="$here/fuzz/xml.dict" \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/seeds" \
  >"$work/fuzz.log" 2>&1
rc=$?
end=$(date +%s%N)
elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
crash=$(ls "$work"/crash-* 2>/dev/null | head -1)
if [ $rc = 0 ] || [ -z "$crash" ]; then
  echo "NOT FOUND in $secs s (${runs:-?} executions, rc=$rc; log: $work/fuzz.log)"
  exit 1
fi
grep -m2 -E '^\*\*\* \[|^\*\*\* vifxml|ERROR: ' "$work/fuzz.log" | sed 's/^/  /'
if { "$work/replay-clean" "$crash" >/dev/null 2>&1; } 2>/dev/null &&
  ! { "$b/fuzz/replay_roundtrip" "$crash" >/dev/null 2>&1; } 2>/dev/null; then
  printf 'FOUND the planted bug (%s) in %s s, %s executions: %s\n' \
    "$bug" "$elapsed" "${runs:-?}" "$crash"
  exit 0
fi
echo "a crash after $elapsed s that the unchanged build has too (an open bug," \
  "not the planted one): $crash"
exit 1
