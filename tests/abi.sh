#!/bin/sh
# The shared library's ABI against the committed baseline (abi/, made by
# abidw from abigail-tools): any difference fails. An intended change
# updates the baseline in the same commit (abi/README); an incompatible one
# also bumps the soname.
#   abi.sh LIBRARY BASELINE HEADERS_DIR
set -u
lib=$1 base=$2 headers=$3
command -v abidiff >/dev/null || { echo "abidiff not found (abigail-tools)"; exit 1; }
abidiff --headers-dir2 "$headers" "$base" "$lib"
rc=$?
# abidiff's exit status is a bit field: 1 error, 2 usage, 4 ABI change,
# 8 incompatible ABI change.
if [ $rc -eq 0 ]; then
  echo "ABI of $(basename "$lib") matches $(basename "$base")"
  exit 0
fi
[ $((rc & 3)) -ne 0 ] && echo "abidiff failed to compare (status $rc)"
[ $((rc & 8)) -ne 0 ] && echo "incompatible ABI change: bump the soname and the baseline"
[ $((rc & 12)) -eq 4 ] && echo "compatible ABI change: update the baseline (abi/README)"
exit 1
