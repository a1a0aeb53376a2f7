#!/bin/sh
# End-to-end timing of the vifxml program (files, pipes, process start-up
# and all), next to the in-process figures of vifxml-bench on the same file.
# Wall time includes waiting for a CPU on a loaded machine; the CPU column
# (user + system time of the whole command) does not. The RSS column is the
# largest peak resident set of any one process of the command (GNU time's
# %M; "-" when /usr/bin/time is missing).
#
#   bench/cli.sh VIFXML VIFXML_GEN VIFXML_BENCH VIFXML_EXPAT
#
# Environment: SIZE (default 100M) for the large inputs (one of each shape:
# wrap, concat, dense, realworld), FILES (default 2000) for the many-files
# case, RUNS (default 5) timed runs per case, the median reported. Inputs
# are generated into a temporary directory (removed at the end); their
# generation is not timed. Before timing, the CLI's output is checked to be
# byte for byte the output vifxml-bench measures in memory, --jobs 2 to be
# byte for byte --jobs 1, and vifxml-expat to read each large input's
# bytes as the same number of documents as vifxml.
#
# The whole-process ratio to expat: on each large input, `vifxml-expat FILE`
# (expat alone, with the CLI's reads and parser set-up, no handlers, one
# reset per document as vifxml) and `vifxml normalize -q FILE` run
# alternately, RUNS pairs, which one goes first swapping every pair; the
# ratio is expat's CPU time over vifxml's, per pair, and the median of the
# pairs'. GNU time gives CPU times in 0.01 s, so small SIZEs make it coarse.
# The in-process ratio (vifxml-bench) is printed at the end.
set -eu

VIFXML=$1
GEN=$2
BENCH=$3
EXPAT=$4
SIZE=${SIZE:-100M}
FILES=${FILES:-2000}
RUNS=${RUNS:-5}

dir=$(mktemp -d "${TMPDIR:-/tmp}/vifxml-cli-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

"$GEN" --seed 1 "$SIZE" > "$dir/bulk.xml" 2>/dev/null
"$GEN" --seed 2 --shape concat "$SIZE" > "$dir/stream.xml" 2>/dev/null
"$GEN" --seed 4 --shape dense "$SIZE" > "$dir/dense.xml" 2>/dev/null
"$GEN" --seed 5 --shape realworld "$SIZE" > "$dir/realworld.xml" 2>/dev/null
mkdir "$dir/defs"
"$GEN" --seed 3 --split "$dir/defs" "$FILES" 2>/dev/null

bytes() { wc -c < "$1" | tr -d ' '; }
big=$(bytes "$dir/bulk.xml")
stream=$(bytes "$dir/stream.xml")
dense=$(bytes "$dir/dense.xml")
realworld=$(bytes "$dir/realworld.xml")
many=$(cat "$dir"/defs/*.xml | wc -c | tr -d ' ')

# The CLI writes what the in-process benchmark measures (the stream read
# from standard input), and expat alone reads what vifxml reads.
for f in bulk stream dense realworld; do
  if [ "$f" = stream ]; then
    "$VIFXML" normalize -q < "$dir/$f.xml" > "$dir/cli.out"
  else
    "$VIFXML" normalize -q "$dir/$f.xml" > "$dir/cli.out"
  fi
  "$BENCH" --file "$dir/$f.xml" --rounds 1 --output "$dir/bench.out" \
    > "$dir/bench.log"
  cmp -s "$dir/cli.out" "$dir/bench.out" || {
    echo "cli.sh: vifxml normalize and vifxml-bench disagree on $f.xml" >&2
    exit 1
  }
  # vifxml's units, in vifxml-expat's words
  units=$(sed -n \
    's/^input: \([0-9]*\) bytes, [0-9]* documents, \([0-9]*\) units.*/\1 bytes, \2 documents/p' \
    "$dir/bench.log")
  expat=$("$EXPAT" "$dir/$f.xml")
  [ -n "$units" ] && [ "$expat" = "$units" ] || {
    echo "cli.sh: vifxml-expat read $f.xml as $expat, vifxml as $units" >&2
    exit 1
  }
done
"$VIFXML" normalize -q -r --jobs 1 "$dir/defs" > "$dir/cli.out"
"$VIFXML" normalize -q -r --jobs 2 "$dir/defs" > "$dir/bench.out"
cmp -s "$dir/cli.out" "$dir/bench.out" || {
  echo "cli.sh: --jobs 2 and --jobs 1 disagree" >&2
  exit 1
}
rm -f "$dir/cli.out" "$dir/bench.out" "$dir/bench.log"

# median of the first column of stdin
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
  gnutime=/usr/bin/time
fi

# time1 TIMES COMMAND: one run of the command line (wall, user+sys CPU,
# peak RSS KiB or 0) appended to the file TIMES
time1() {
  if [ -n "$gnutime" ]; then
    "$gnutime" -f '%e %U %S %M' -o "$dir/t1" sh -c "$2" > /dev/null
    awk '{printf "%.4f %.4f %d\n", $1, $2 + $3, $4}' "$dir/t1" >> "$1"
  else
    s=$(date +%s.%N)
    c0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
    sh -c "$2" > /dev/null
    c1=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
    e=$(date +%s.%N)
    echo "$s $e $c0 $c1" | awk -v t="$(getconf CLK_TCK)" \
      '{printf "%.4f %.4f 0\n", $2-$1, ($4-$3)/t}' >> "$1"
  fi
}

# row NAME BYTES TIMES: the table's line for the runs in TIMES
row() {
  wall=$(awk '{print $1}' "$3" | median)
  cpu=$(awk '{print $2}' "$3" | median)
  rss=$(awk '{print $3}' "$3" | sort -n | tail -n 1)
  if [ "$rss" -gt 0 ]; then
    rss=$(echo "$rss" | awk '{printf "%.1f", $1/1024}')
  else
    rss=-
  fi
  printf '%-36s %11s  %7.3f  %7.2f  %9.1f  %8.1f  %7s\n' "$1" "$2" "$wall" \
    "$cpu" "$(echo "$2 $wall" | awk '{printf "%.1f", $1/1e6/$2}')" \
    "$(echo "$2 $cpu" | awk '{printf "%.1f", ($2 > 0 ? $1/1e6/$2 : 0)}')" \
    "$rss"
}

# run NAME BYTES COMMAND: RUNS timed runs
run() {
  : > "$dir/times"
  i=0
  while [ $i -lt "$RUNS" ]; do
    time1 "$dir/times" "$3"
    i=$((i + 1))
  done
  row "$1" "$2" "$dir/times"
}

# pair SHAPE FILE BYTES: RUNS pairs of expat alone and normalize on FILE,
# which goes first swapping every pair so that neither always runs in the
# other's wake: the two rows, and the shape's line of the whole-process
# table appended to $dir/whole
pair() {
  : > "$dir/t.expat"
  : > "$dir/t.vifxml"
  i=0
  while [ $i -lt "$RUNS" ]; do
    if [ $((i % 2)) -eq 0 ]; then
      time1 "$dir/t.expat" "'$EXPAT' '$dir/$2'"
      time1 "$dir/t.vifxml" "'$VIFXML' normalize -q '$dir/$2'"
    else
      time1 "$dir/t.vifxml" "'$VIFXML' normalize -q '$dir/$2'"
      time1 "$dir/t.expat" "'$EXPAT' '$dir/$2'"
    fi
    i=$((i + 1))
  done
  row "expat alone $2" "$3" "$dir/t.expat"
  row "normalize $2" "$3" "$dir/t.vifxml"
  paste -d ' ' "$dir/t.expat" "$dir/t.vifxml" |
    awk '{printf "%.3f\n", ($5 > 0 ? $2 / $5 : 0)}' > "$dir/ratios"
  printf '%-10s %-14s %11.2f  %12.2f  %5.3f  %s\n' "$1" "$2" \
    "$(awk '{print $2}' "$dir/t.expat" | median)" \
    "$(awk '{print $2}' "$dir/t.vifxml" | median)" \
    "$(median < "$dir/ratios")" "$(tr '\n' ' ' < "$dir/ratios")" >> "$dir/whole"
}

echo "vifxml-cli-bench: $($VIFXML --version 2>/dev/null | head -n 1); $RUNS runs per case, medians"
echo "inputs: bulk.xml $big bytes (wrap: one <domains>), stream.xml $stream bytes"
echo "        (concat: one <domain> after another), dense.xml $dense bytes (dense),"
echo "        realworld.xml $realworld bytes (realworld), defs/ $FILES files, $many bytes"
echo "checked: CLI output = vifxml-bench's measured output; --jobs 2 = --jobs 1;"
echo "         vifxml-expat reads the bytes and documents vifxml reads"
printf '%-36s %11s  %7s  %7s  %9s  %8s  %7s\n' case bytes "wall s" "cpu s" \
  "MB/s wall" "MB/s cpu" "RSS MiB"
: > "$dir/whole"
run "cat bulk.xml (I/O floor)" "$big" "cat '$dir/bulk.xml'"
pair wrap bulk.xml "$big"
run "normalize < bulk.xml (stdin)" "$big" "'$VIFXML' normalize -q < '$dir/bulk.xml'"
run "normalize bulk.xml | cat (pipe)" "$big" "'$VIFXML' normalize -q '$dir/bulk.xml' | cat"
run "normalize --check bulk.xml" "$big" "'$VIFXML' normalize -q --check '$dir/bulk.xml'; true"
pair concat stream.xml "$stream"
run "cat stream.xml | normalize (stdin)" "$stream" "cat '$dir/stream.xml' | '$VIFXML' normalize -q"
pair dense dense.xml "$dense"
pair realworld realworld.xml "$realworld"
run "normalize defs/*.xml ($FILES files)" "$many" "'$VIFXML' normalize -q '$dir'/defs/*.xml"
run "normalize -r defs --jobs 1" "$many" "'$VIFXML' normalize -q -r --jobs 1 '$dir/defs'"
run "normalize -r defs --jobs 2" "$many" "'$VIFXML' normalize -q -r --jobs 2 '$dir/defs'"
run "normalize --check -r defs --jobs 2" "$many" "'$VIFXML' normalize -q --check -r --jobs 2 '$dir/defs'; true"

echo
echo "whole process: expat alone (vifxml-expat FILE) / vifxml normalize -q FILE,"
echo "user+sys CPU, $RUNS alternating pairs; ratio: median of the pairs' ratios"
printf '%-10s %-14s %11s  %12s  %5s  %s\n' shape input "expat cpu s" \
  "vifxml cpu s" ratio "ratio per pair"
cat "$dir/whole"

# file:shape, the shape naming the ratio target that applies
for fs in bulk:wrap stream:concat dense:dense realworld:realworld; do
  f=${fs%%:*}
  echo
  echo "in-process on the same $f.xml (vifxml-bench --file, 3 rounds):"
  "$BENCH" --file "$dir/$f.xml" --shape "${fs#*:}" --rounds 3 |
    grep -E '^( +[0-9]|round|median|peak|verify|targets)'
done
