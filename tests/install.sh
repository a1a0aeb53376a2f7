#!/bin/sh
# install.sh BUILD_DIR: installs into a scratch root, then builds a tiny
# program against the installed library through pkg-config, runs it, and
# checks the man pages are in place.
set -eu
build=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$build" --destdir "$root" --no-rebuild >/dev/null
pc=$(find "$root" -name vifxml.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: vifxml.pc not installed"; echo "0 passed, 1 failed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
# The .pc file names the final prefix; point it into the scratch root.
prefix="$root$(pkg-config --variable=prefix vifxml)"
flags=$(pkg-config --define-variable=prefix="$prefix" --cflags --libs vifxml)
libdir=$(pkg-config --define-variable=prefix="$prefix" --variable=libdir vifxml)
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "PASS $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
check "shared library has soname libvifxml.so.1" \
  "objdump -p '$libdir/libvifxml.so' | grep -q 'SONAME *libvifxml.so.1'"
check "static library installed" "[ -f '$libdir/libvifxml.a' ]"
check "program installed" "[ -x \"\$(find '$root' -path '*bin/vifxml')\" ]"
check "man pages installed" "[ -n \"\$(find '$root' -name vifxml.1)\" ] && [ -n \"\$(find '$root' -name vifxml.3)\" ]"
check "probe builds with pkg-config flags" \
  "cc -std=c11 -o '$root/probe' '$(dirname "$0")/install_probe.c' $flags"
want="<interface type='direct'>
  <source dev='eth0' mode='vepa'/>
</interface>"
check "probe runs against the installed library" \
  "[ \"\$(LD_LIBRARY_PATH='$libdir' '$root/probe')\" = \"\$want\" ]"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
