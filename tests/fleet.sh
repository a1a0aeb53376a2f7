#!/bin/bash
# fleet.sh VIFXML: --in-place on a copy of libvirt's own layout
# (/etc/libvirt/qemu: domain files, autostart/ links, networks/ with its own
# autostart/), with owners, ACLs, extended attributes, a CRLF file, a host
# interface definition, a bad file and a dangling link. Everything libvirt
# keeps about a file must survive, and each file is rewritten once.
# Owner, label and permission checks need root; without it they are
# reported as SKIP (CI runs as root, where a skip would not pass).
set -u
vifxml=$(realpath "$1")
work=$(mktemp -d)
chmod 755 "$work"
trap "rm -rf \"$work\"" EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { # name, command...
  local name=$1; shift
  if "$@"; then ok "$name"; else ko "$name"; fi
}
root=false
[ "$(id -u)" = 0 ] && root=true
have_attr=false
command -v setfattr >/dev/null && command -v setfacl >/dev/null && have_attr=true

q=$work/etc/libvirt/qemu
mkdir -p "$q/autostart" "$q/networks/autostart"

legacy() { # name, mac
  cat <<EOF
<domain type='kvm'>
  <name>$1</name>
  <devices>
    <interface type='bridge'>
      <mac address='$2'/>
      <source bridge='qbr0'/>
      <model type='VIRTIO'/>
      <target dev='vnet7'/>
    </interface>
  </devices>
</domain>
EOF
}
legacy alpha 52:54:00:AA:00:01 >"$q/alpha.xml"
legacy zulu 52:54:00:AA:00:02 >"$q/zulu.xml"      # sorts after autostart/
legacy crlf 52:54:00:AA:00:03 | sed 's/$/\r/' >"$q/crlf.xml"
legacy owned 52:54:00:AA:00:04 >"$q/owned.xml"
printf '<domain type="kvm"><devices><interface type="bridge"><model type="x y"/></interface></devices></domain>\n' >"$q/bad.xml"
cat >"$q/host-br0.xml" <<'EOF'
<interface type='bridge' name='br0'>
  <start mode='onboot'/>
  <bridge stp='off'>
    <interface type='ethernet' name='eth0'>
      <mac address='52:54:00:AB:CD:EF'/>
    </interface>
  </bridge>
</interface>
EOF
cat >"$q/networks/default.xml" <<'EOF'
<network>
  <name>default</name>
  <bridge name='virbr0'/>
  <forward mode='nat'/>
  <mac address='52:54:00:0A:CD:21'/>
</network>
EOF
ln -s ../alpha.xml "$q/autostart/alpha.xml"
ln -s ../zulu.xml "$q/autostart/zulu.xml"
ln -s ../gone.xml "$q/autostart/gone.xml"             # dangling
ln -s ../default.xml "$q/networks/autostart/default.xml"
ln -s .. "$q/autostart/loop"                          # a directory loop

chmod 600 "$q/zulu.xml"
if $root; then
  chown nobody:nogroup "$q/zulu.xml"
fi
if $have_attr; then
  setfattr -n user.fleet -v kept "$q/zulu.xml"
  setfacl -m u:nobody:r "$q/alpha.xml"
  $root && setfattr -n security.selinux -v 'system_u:object_r:virt_etc_t:s0' "$q/zulu.xml"
fi
touch -d '2001-01-01' "$q/bad.xml" "$q/host-br0.xml" "$q/networks/default.xml"
mkdir "$work/orig" && cp -a "$q" "$work/orig/"
want_alpha=$("$vifxml" normalize -q "$q/alpha.xml")

# Each file once, however many paths reach it: the tree twice, a link and
# the file itself named again.
"$vifxml" normalize --check -q -r "$q" "$q" "$q/autostart/zulu.xml" "$q/zulu.xml" >"$work/check" 2>"$work/check.err"
rc=$?
check "--check over the layout exits 2 (a bad file, a dangling link)" [ "$rc" = 2 ]
check "--check names each changed file once" [ "$(grep -c 'zulu.xml$' "$work/check")" = 1 ]
check "--check names a file by its own name, not a link's" grep -qx "$q/zulu.xml" "$work/check"
check "--check lists the four domains that change" [ "$(wc -l <"$work/check")" = 4 ]
check "a dangling link is an error for that path" grep -q "autostart/gone.xml: error: dangling symbolic link: No such file or directory" "$work/check.err"

"$vifxml" normalize --in-place --backup=.orig --summary=json -r "$q" "$q/autostart" "$q/zulu.xml" >"$work/out" 2>"$work/err"
rc=$?
check "--in-place over the layout exits 2 and goes on" [ "$rc" = 2 ]
check "every domain file was read once (summary)" grep -q '"files": 8,' "$work/err"
check "the bad file's error names file:line:column" grep -q "^$q/bad.xml:1:54: error: Model name contains invalid characters$" "$work/err"
check "the dangling link is reported once" [ "$(grep -c "autostart/gone.xml: error: dangling symbolic link" "$work/err")" = 1 ]
check "the directory loop is not followed" bash -c "! grep -q 'loop/' '$work/err'"

for f in alpha zulu; do
  check "autostart/$f.xml is still a link to ../$f.xml" [ -L "$q/autostart/$f.xml" ] 
  check "autostart/$f.xml points where it did" [ "$(readlink "$q/autostart/$f.xml")" = "../$f.xml" ]
  check "$f.xml is a regular file" bash -c "[ -f '$q/$f.xml' ] && [ ! -L '$q/$f.xml' ]"
  check "$f.xml's backup sits beside it and is the original" cmp -s "$q/$f.xml.orig" "$work/orig/qemu/$f.xml"
  check "no backup beside the link of $f.xml" [ ! -e "$q/autostart/$f.xml.orig" ]
done
check "alpha.xml is normalized" bash -c "[ \"\$(cat '$q/alpha.xml')\" = \"\$1\" ]" _ "$want_alpha"
check "zulu.xml is normalized" grep -q "<mac address='52:54:00:aa:00:02'/>" "$q/zulu.xml"
check "zulu.xml keeps its mode" [ "$(stat -c %a "$q/zulu.xml")" = 600 ]
if $root; then
  check "zulu.xml keeps its owner and group" [ "$(stat -c %U:%G "$q/zulu.xml")" = nobody:nogroup ]
else
  skip=$((skip + 1)); echo "SKIP owner and group (needs root)"
fi
if $have_attr; then
  check "zulu.xml keeps its extended attribute" [ "$(getfattr --only-values -n user.fleet "$q/zulu.xml" 2>/dev/null)" = kept ]
  check "alpha.xml keeps its ACL" bash -c "getfacl -p '$q/alpha.xml' 2>/dev/null | grep -qx 'user:nobody:r--'"
  if $root; then
    check "zulu.xml keeps its SELinux label" [ "$(getfattr --only-values -n security.selinux "$q/zulu.xml" 2>/dev/null)" = 'system_u:object_r:virt_etc_t:s0' ]
  else
    skip=$((skip + 1)); echo "SKIP SELinux label (needs root)"
  fi
else
  skip=$((skip + 3)); echo "SKIP xattr, ACL and label (setfattr/setfacl missing: apt-get install attr acl)"
fi

check "the CRLF file has CRLF on every line" bash -c "! grep -q \$'[^\\r]\$' '$q/crlf.xml' && grep -q \"<mac address='52:54:00:aa:00:03'/>\" '$q/crlf.xml'"
for f in bad.xml host-br0.xml networks/default.xml; do
  check "$f is untouched" bash -c "cmp -s '$q/$f' '$work/orig/qemu/$f' && [ \"\$(stat -c %Y '$q/$f')\" = \"\$(date -d 2001-01-01 +%s)\" ] && [ ! -e '$q/$f.orig' ]"
done
check "the host interface gets a note" grep -q "^$q/host-br0.xml:1:1: note: a host interface definition" "$work/err"
check "the network gets a note" grep -q "^$q/networks/default.xml:1:1: note: a <network> definition" "$work/err"
check "networks/autostart link untouched" [ "$(readlink "$q/networks/autostart/default.xml")" = ../default.xml ]
check "no temporary file left" bash -c "! find '$work/etc' -name '*vifxml-*' | grep -q ."

# A second run changes nothing.
"$vifxml" normalize --check -q -r "$q" >"$work/again" 2>/dev/null
check "a second run finds nothing more to change" [ ! -s "$work/again" ]

# When the owner cannot be restored, the original stays.
if $root && command -v setpriv >/dev/null; then
  mkdir "$work/shared" && chmod 777 "$work/shared"
  legacy other 52:54:00:AA:00:05 >"$work/shared/other.xml"
  cp "$work/shared/other.xml" "$work/other.copy"
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$vifxml" normalize -q --in-place "$work/shared/other.xml" 2>"$work/perm.err"
  rc=$?
  check "a file whose owner cannot be kept is an error" [ "$rc" = 2 ]
  check "it says why" grep -q "cannot give the new file the owner and group of the old" "$work/perm.err"
  check "and the original is untouched" bash -c "cmp -s '$work/shared/other.xml' '$work/other.copy' && [ \"\$(stat -c %U '$work/shared/other.xml')\" = root ]"
  check "and no temporary file is left" bash -c "[ \"\$(ls -A '$work/shared')\" = other.xml ]"
else
  skip=$((skip + 4)); echo "SKIP an owner that cannot be kept (needs root and setpriv)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
