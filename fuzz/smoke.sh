#!/bin/bash
# Fuzz smoke test: every fuzz target, briefly, with libFuzzer and AFL++.
#
#   fuzz/smoke.sh [BUILD_DIR_LIBFUZZER [BUILD_DIR_AFL]]
#
# A build directory that does not exist yet is configured first
# (CC=clang -Dfuzzing=libfuzzer, CC=afl-clang-fast -Dfuzzing=afl, both with
# -Db_sanitize=address,undefined); without arguments both live in a
# temporary directory that is removed at the end. The fuzz and replay
# programs of each build are brought up to date with ninja. Then, for each
# target in fuzz/fuzz_*.c, one after the other (single-process runs):
#   seeds      a copy of corpus/<target>/ is replayed (replay_<target>); a
#              seed that fails is reported and left out of the runs below
#              (both engines stop at a crashing seed)
#   libFuzzer  SMOKE_SECONDS (30) seconds from a copy of those seeds
#   AFL++      afl-fuzz -V SMOKE_AFL_SECONDS (30) from the same seeds
# The committed corpus is only read. A target passes when no seed fails and
# neither engine found a crash (any sanitizer report or invariant abort) or
# a hang.
# Crashing inputs are kept in SMOKE_KEEP (default: a directory printed at
# the end). The last line is "N passed, N failed" (targets); the exit status
# is 0 only when every target passed.
#
# Environment: SMOKE_SECONDS, SMOKE_AFL_SECONDS, SMOKE_TARGETS (space-
# separated subset), SMOKE_KEEP, VIFXML_FUZZ_IGNORE (checks to turn off,
# see docs/fuzzing.md).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${SMOKE_SECONDS:-30}
afl_secs=${SMOKE_AFL_SECONDS:-30}

work=$(mktemp -d "${TMPDIR:-/tmp}/vifxml-smoke.XXXXXX") || exit 2
keep=${SMOKE_KEEP:-$work/crashes}
mkdir -p "$keep"
cleanup() {
  # Keep the work directory when the crashes listed are kept in it.
  if [ -n "${SMOKE_KEEP:-}" ] || [ -z "$(ls -A "$keep" 2>/dev/null)" ]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT

lf_build=${1:-$work/build-libfuzzer}
afl_build=${2:-$work/build-afl}

log() { printf '== %s\n' "$*"; }

# configure DIR CC FUZZING: configures DIR unless it is a meson build dir.
configure() {
  local dir=$1 cc=$2 engine=$3
  if [ ! -f "$dir/build.ninja" ]; then
    log "configuring $dir ($engine, CC=$cc)"
    CC=$cc meson setup "$dir" "$src" -Dfuzzing="$engine" \
      -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debugoptimized >"$work/setup-$engine.log" 2>&1 || {
      tail -20 "$work/setup-$engine.log"
      return 1
    }
  fi
  log "building $dir"
  # Only the fuzz and replay programs (the rest of the tree is not needed).
  local want
  want=$(ninja -C "$dir" -t targets all 2>/dev/null |
    sed -n 's#^\(fuzz/\(fuzz\|replay\)_[a-z0-9_]*\): .*#\1#p')
  ninja -C "$dir" $want >"$work/build-$engine.log" 2>&1 || {
    tail -30 "$work/build-$engine.log"
    return 1
  }
}

lf_ok=1
afl_ok=1
configure "$lf_build" clang libfuzzer || lf_ok=0
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found"; afl_ok=0; }
[ "$afl_ok" = 1 ] && { configure "$afl_build" afl-clang-fast afl || afl_ok=0; }
# One target per harness in fuzz/ (a target the build did not make fails).
all_targets=$(cd "$src/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
targets=${SMOKE_TARGETS:-$all_targets}
[ -n "${VIFXML_FUZZ_IGNORE:-}" ] && log "checks turned off: VIFXML_FUZZ_IGNORE=$VIFXML_FUZZ_IGNORE"

seed_copy() { # seed_copy TARGET DIR: a private copy of corpus/TARGET
  rm -rf "$2"
  mkdir -p "$2"
  cp "$src/corpus/$1"/* "$2"/ 2>/dev/null
  find "$2" -name 'README*' -delete
}

# screen_seeds TARGET DIR: replays the seeds in DIR; a seed that fails (a
# regression input of a bug still open, or a new regression) is reported,
# counts as a failure of the target, and is moved out of DIR so that the
# engines (which both stop on a crashing seed) still fuzz from the others.
screen_seeds() {
  local t=$1 dir=$2 replay= bad=0 i f log=$work/screen-$1.log
  for replay in "$lf_build/fuzz/replay_$t" "$afl_build/fuzz/replay_$t"; do
    [ -x "$replay" ] && break
  done
  [ -x "$replay" ] || return 0
  mkdir -p "$work/bad-seeds-$t"
  for i in $(seq 1 100); do
    { timeout 300 "$replay" "$dir" >"$log" 2>&1; } 2>/dev/null && break
    f=$(sed -n 's/^replay: the input that failed: //p' "$log" | tail -1)
    if [ -z "$f" ] || [ ! -f "$f" ]; then
      echo "  seeds     $t: replay failed without naming an input"
      tail -5 "$log" | sed 's/^/    /'
      return 1
    fi
    printf '  seed fails: %s: %s\n' "$(basename "$f")" \
      "$(grep -m1 -E '^\*\*\* \[|^\*\*\* [a-z]|ERROR: AddressSanitizer|runtime error|SUMMARY' "$log" | cut -c1-160)"
    cp "$f" "$keep/seed-$t-$(basename "$f")"
    mv "$f" "$work/bad-seeds-$t/"
    bad=$((bad + 1))
  done
  [ "$bad" = 0 ]
}

run_libfuzzer() {
  local t=$1 bin=$lf_build/fuzz/fuzz_$1
  [ -x "$bin" ] || { echo "  libfuzzer: $bin missing"; return 1; }
  local corpus=$work/lf-$t
  rm -rf "$corpus"
  cp -r "$work/seeds-$t" "$corpus"
  local lf_log=$work/lf-$t.log
  "$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
    -dict="$src/fuzz/xml.dict" -print_final_stats=1 \
    -artifact_prefix="$keep/libfuzzer-$t-" "$corpus" >"$lf_log" 2>&1
  local rc=$?
  local runs cov ft
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$lf_log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$lf_log" | tail -1)
  printf '  libfuzzer %-10s rc=%d  %s executions, %s, %s inputs in corpus\n' \
    "$t" "$rc" "${runs:-?}" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)"
  if [ $rc != 0 ]; then
    grep -E '^\*\*\*|ERROR: |SUMMARY:|Test unit written|input that failed' "$lf_log" | head -12 | sed 's/^/    /'
    echo "    full log: $lf_log"
    return 1
  fi
}

run_afl() {
  local t=$1 bin=$afl_build/fuzz/fuzz_$1
  [ -x "$bin" ] || { echo "  afl: $bin missing"; return 1; }
  local seeds=$work/seeds-$t out=$work/afl-out-$t
  rm -rf "$out"
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1} \
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_NO_AFFINITY=1 AFL_QUIET=1 \
    afl-fuzz -V "$afl_secs" -i "$seeds" -o "$out" -x "$src/fuzz/xml.dict" \
    -t 2000 -- "$bin" >"$work/afl-$t.log" 2>&1
  local rc=$?
  local stats=$out/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "  afl       $t: afl-fuzz did not start (rc=$rc)"
    grep -E 'PROGRAM ABORT|Test case|crash|Location' "$work/afl-$t.log" | head -8 | sed 's/^/    /'
    echo "    full log: $work/afl-$t.log"
    return 1
  fi
  stat_of() { sed -n "s/^$1 *: *//p" "$stats"; }
  local crashes hangs
  crashes=$(stat_of saved_crashes)
  hangs=$(stat_of saved_hangs)
  printf '  afl       %-10s rc=%d  %s executions, %s crashes, %s hangs, bitmap %s, %s paths\n' \
    "$t" "$rc" "$(stat_of execs_done)" "${crashes:-?}" "${hangs:-?}" \
    "$(stat_of bitmap_cvg)" "$(stat_of corpus_count)"
  local f
  for f in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
    [ -f "$f" ] && cp "$f" "$keep/afl-$t-$(basename "$(dirname "$f")")-$(basename "$f" | cut -d, -f1 | tr : _)"
  done
  [ "$rc" = 0 ] && [ "${crashes:-1}" = 0 ] && [ "${hangs:-1}" = 0 ]
}

passed=0
failed=0
for t in $targets; do
  log "target $t"
  ok=1
  seed_copy "$t" "$work/seeds-$t"
  screen_seeds "$t" "$work/seeds-$t" || ok=0
  if [ "$lf_ok" = 1 ]; then run_libfuzzer "$t" || ok=0; else echo "  libfuzzer: no build"; ok=0; fi
  if [ "$afl_ok" = 1 ]; then run_afl "$t" || ok=0; else echo "  afl: no build"; ok=0; fi
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

if [ -n "$(ls -A "$keep")" ]; then
  log "crashing inputs (reproduce: BUILD/fuzz/replay_<target> FILE):"
  ls -1 "$keep" | sed "s|^|  $keep/|"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
