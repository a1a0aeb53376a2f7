#!/bin/sh
# End-to-end timing of the vifxml program (files, pipes, process start-up
# and all), next to the in-process figures of vifxml-bench on the same file.
# Wall time includes waiting for a CPU on a loaded machine; the CPU column
# (user + system time of the whole command) does not. The RSS column is the
# largest peak resident set of any one process of the command (GNU time's
# %M; "-" when /usr/bin/time is missing).
#
#   bench/cli.sh VIFXML VIFXML_GEN VIFXML_BENCH
#
# Environment: SIZE (default 100M) for the large inputs (one of each shape:
# wrap, concat, dense, realworld), FILES (default 2000) for the many-files
# case, RUNS (default 5) timed runs per case, the median reported. Inputs
# are generated into a temporary directory (removed at the end); their
# generation is not timed. Before timing, the CLI's output is checked to be
# byte for byte the output vifxml-bench measures in memory, and --jobs 2 to
# be byte for byte --jobs 1. There is no expat-alone case here: the ratio to
# expat per shape is the in-process one, printed at the end.
set -eu

VIFXML=$1
GEN=$2
BENCH=$3
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

# The CLI writes what the in-process benchmark measures.
for f in bulk dense realworld; do
  "$VIFXML" normalize -q "$dir/$f.xml" > "$dir/cli.out"
  "$BENCH" --file "$dir/$f.xml" --rounds 1 --output "$dir/bench.out" \
    > /dev/null
  cmp -s "$dir/cli.out" "$dir/bench.out" || {
    echo "cli.sh: vifxml normalize and vifxml-bench disagree on $f.xml" >&2
    exit 1
  }
done
"$VIFXML" normalize -q < "$dir/stream.xml" > "$dir/cli.out"
"$BENCH" --file "$dir/stream.xml" --rounds 1 --output "$dir/bench.out" \
  > /dev/null
cmp -s "$dir/cli.out" "$dir/bench.out" || {
  echo "cli.sh: vifxml normalize and vifxml-bench disagree on stream.xml" >&2
  exit 1
}
"$VIFXML" normalize -q -r --jobs 1 "$dir/defs" > "$dir/cli.out"
"$VIFXML" normalize -q -r --jobs 2 "$dir/defs" > "$dir/bench.out"
cmp -s "$dir/cli.out" "$dir/bench.out" || {
  echo "cli.sh: --jobs 2 and --jobs 1 disagree" >&2
  exit 1
}
rm -f "$dir/cli.out" "$dir/bench.out"

# median of the first column of stdin
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
  gnutime=/usr/bin/time
fi

# run NAME BYTES COMMAND...: RUNS timed runs (wall, user+sys CPU, peak RSS)
run() {
  name=$1
  n=$2
  shift 2
  : > "$dir/times"
  i=0
  while [ $i -lt "$RUNS" ]; do
    if [ -n "$gnutime" ]; then
      "$gnutime" -f '%e %U %S %M' -o "$dir/t1" sh -c "$*" > /dev/null
      awk '{printf "%.4f %.4f %d\n", $1, $2 + $3, $4}' "$dir/t1" \
        >> "$dir/times"
    else
      s=$(date +%s.%N)
      c0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
      sh -c "$*" > /dev/null
      c1=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
      e=$(date +%s.%N)
      echo "$s $e $c0 $c1" | awk -v t="$(getconf CLK_TCK)" \
        '{printf "%.4f %.4f 0\n", $2-$1, ($4-$3)/t}' >> "$dir/times"
    fi
    i=$((i + 1))
  done
  wall=$(awk '{print $1}' "$dir/times" | median)
  cpu=$(awk '{print $2}' "$dir/times" | median)
  rss=$(awk '{print $3}' "$dir/times" | sort -n | tail -n 1)
  if [ "$rss" -gt 0 ]; then
    rss=$(echo "$rss" | awk '{printf "%.1f", $1/1024}')
  else
    rss=-
  fi
  printf '%-36s %11s  %7.3f  %7.2f  %9.1f  %8.1f  %7s\n' "$name" "$n" "$wall" \
    "$cpu" "$(echo "$n $wall" | awk '{printf "%.1f", $1/1e6/$2}')" \
    "$(echo "$n $cpu" | awk '{printf "%.1f", ($2 > 0 ? $1/1e6/$2 : 0)}')" \
    "$rss"
}

echo "vifxml-cli-bench: $($VIFXML --version 2>/dev/null | head -n 1); $RUNS runs per case, medians"
echo "inputs: bulk.xml $big bytes (wrap: one <domains>), stream.xml $stream bytes"
echo "        (concat: one <domain> after another), dense.xml $dense bytes (dense),"
echo "        realworld.xml $realworld bytes (realworld), defs/ $FILES files, $many bytes"
echo "checked: CLI output = vifxml-bench's measured output; --jobs 2 = --jobs 1"
printf '%-36s %11s  %7s  %7s  %9s  %8s  %7s\n' case bytes "wall s" "cpu s" \
  "MB/s wall" "MB/s cpu" "RSS MiB"
run "cat bulk.xml (I/O floor)" "$big" "cat '$dir/bulk.xml'"
run "normalize bulk.xml" "$big" "'$VIFXML' normalize -q '$dir/bulk.xml'"
run "normalize < bulk.xml (stdin)" "$big" "'$VIFXML' normalize -q < '$dir/bulk.xml'"
run "normalize bulk.xml | cat (pipe)" "$big" "'$VIFXML' normalize -q '$dir/bulk.xml' | cat"
run "normalize --check bulk.xml" "$big" "'$VIFXML' normalize -q --check '$dir/bulk.xml'; true"
run "normalize stream.xml" "$stream" "'$VIFXML' normalize -q '$dir/stream.xml'"
run "cat stream.xml | normalize (stdin)" "$stream" "cat '$dir/stream.xml' | '$VIFXML' normalize -q"
run "normalize dense.xml" "$dense" "'$VIFXML' normalize -q '$dir/dense.xml'"
run "normalize realworld.xml" "$realworld" "'$VIFXML' normalize -q '$dir/realworld.xml'"
run "normalize defs/*.xml ($FILES files)" "$many" "'$VIFXML' normalize -q '$dir'/defs/*.xml"
run "normalize -r defs --jobs 1" "$many" "'$VIFXML' normalize -q -r --jobs 1 '$dir/defs'"
run "normalize -r defs --jobs 2" "$many" "'$VIFXML' normalize -q -r --jobs 2 '$dir/defs'"
run "normalize --check -r defs --jobs 2" "$many" "'$VIFXML' normalize -q --check -r --jobs 2 '$dir/defs'; true"

# file:shape, the shape naming the ratio target that applies
for fs in bulk:wrap stream:concat dense:dense realworld:realworld; do
  f=${fs%%:*}
  echo
  echo "in-process on the same $f.xml (vifxml-bench --file, 3 rounds):"
  "$BENCH" --file "$dir/$f.xml" --shape "${fs#*:}" --rounds 3 |
    grep -E '^( +[0-9]|round|median|peak|verify|targets)'
done
