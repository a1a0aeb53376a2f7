#!/bin/sh
# libvirt's qemu driver as the judge of `vifxml lint` (docs/lint.md,
# shared reference migration-and-lint.md section 5).
#
#   judge.sh VIFXML CASE.xml|DIR...
#
# Starts a private libvirtd (and Open vSwitch) in new mount and network
# namespaces: tmpfs over libvirt's state and configuration directories, a
# fresh sysfs, only the qemu and network drivers, security_driver none.
# Every case is a <domain type='qemu'> (TCG, 64 MiB, no disk): it is
# defined and, when that works, started and destroyed. Then lint runs on
# each case, and must report an error exactly for the cases libvirt refused,
# in the same phase (define or start), and none for the cases that started.
# A case may say, in a comment, `judge: define-only` (the host lacks its
# hardware: only the define is judged) or `judge: no` (not judged here:
# another hypervisor, or fleet checks across files).
#
# Needs root (else it exits 77, skipped) and unshare, libvirtd, virsh,
# qemu-system-x86_64, ovsdb-server, ovs-vswitchd (else it fails: .ci/deps
# installs them). A domain is started paused: qemu has then realized its
# devices, which is where it refuses what libvirt passed on. Nothing on the host is
# touched; the daemons are stopped by their pids.
set -u

if [ "${1:-}" = "--inner" ]; then
  shift
  W=$1
  shift
  set -e
  mount --make-rprivate /
  for d in /run /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /etc/libvirt /var/run/openvswitch /etc/openvswitch /var/log/openvswitch; do
    mkdir -p "$d" 2>/dev/null || true
    mount -t tmpfs tmpfs "$d"
  done
  mount -t sysfs sysfs /sys
  ip link set lo up
  # Debian's libvirtd looks up its build-time user first.
  if ! getent passwd libvirt-qemu >/dev/null; then
    cp /etc/passwd "$W/passwd"; cp /etc/group "$W/group"
    echo 'libvirt-qemu:x:64055:64055::/var/lib/libvirt:/usr/sbin/nologin' >>"$W/passwd"
    getent group kvm >/dev/null || echo 'kvm:x:64056:' >>"$W/group"
    echo 'libvirt-qemu:x:64055:' >>"$W/group"
    mount --bind "$W/passwd" /etc/passwd
    mount --bind "$W/group" /etc/group
  fi
  mkdir -p "$W/drv"
  for m in qemu network; do
    ln -sf "$(ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_$m.so | head -n1)" "$W/drv/"
  done
  printf 'unix_sock_group = "root"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n' >/etc/libvirt/libvirtd.conf
  printf 'security_driver = "none"\nuser = "root"\ngroup = "root"\nstdio_handler = "file"\ncgroup_controllers = [ ]\n' >/etc/libvirt/qemu.conf
  PIDS=""
  stop() {
    # guests left running (a start that timed out) first, by their pidfiles
    for f in /run/libvirt/qemu/*.pid; do
      [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    for p in $PIDS; do
      for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$p" 2>/dev/null || true
    done
  }
  trap stop EXIT
  # Open vSwitch with the userspace datapath.
  ovsdb-tool create /etc/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server --remote=punix:/var/run/openvswitch/db.sock --pidfile=/var/run/openvswitch/ovsdb-server.pid \
    --log-file="$W/ovsdb.log" /etc/openvswitch/conf.db >/dev/null 2>&1 &
  PIDS="$! $PIDS"
  for i in $(seq 50); do [ -S /var/run/openvswitch/db.sock ] && break; sleep 0.1; done
  ovs-vsctl --no-wait init
  ovs-vswitchd --pidfile=/var/run/openvswitch/ovs-vswitchd.pid --log-file="$W/vswitchd.log" unix:/var/run/openvswitch/db.sock >/dev/null 2>&1 &
  PIDS="$! $PIDS"
  ovs-vsctl --timeout=10 add-br ovsbr0 -- set bridge ovsbr0 datapath_type=netdev
  # A bridge with no ports stands in for a plain NIC too (no dummy driver).
  ip link add br0 type bridge && ip link set br0 up
  ip link add br1 type bridge && ip link set br1 up
  LIBVIRT_DRIVER_DIR=$W/drv libvirtd >"$W/libvirtd.log" 2>&1 &
  PIDS="$! $PIDS"
  for i in $(seq 100); do [ -S /run/libvirt/libvirt-sock ] && break; sleep 0.1; done
  set +e
  # Cases run four at a time (each start is a qemu process under TCG).
  printf '%s\n' "$@" | xargs -P 4 -n 1 sh "$0" --case "$W"
  cat "$W"/*.verdict
  exit 0
fi

if [ "${1:-}" = "--case" ]; then
  W=$2 f=$3
  V="virsh -q -c qemu:///system"
  c=$(basename "$f" .xml)
  mode=start
  grep -q 'judge: define-only' "$f" && mode=define
  name=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "$f" | head -n1)
  out="$W/$c.verdict"
  if ! msg=$($V define "$f" 2>&1 >/dev/null); then
    printf '%s\tdefine\t%s\n' "$c" "$(echo "$msg" | grep . | tr '\n' ' ')" >"$out"
    exit 0
  fi
  if [ $mode = start ]; then
    if ! msg=$(timeout 60 $V start --paused "$name" 2>&1 >/dev/null); then
      printf '%s\tstart\t%s\n' "$c" "$(echo "$msg" | grep . | tr '\n' ' ')" >"$out"
    else
      printf '%s\tok\t\n' "$c" >"$out"
      $V destroy "$name" >/dev/null 2>&1
    fi
  else
    printf '%s\tdefined\t\n' "$c" >"$out"
  fi
  $V undefine "$name" >/dev/null 2>&1
  exit 0
fi

VIFXML=$1
shift
for t in unshare libvirtd virsh qemu-system-x86_64 ovsdb-server ovs-vswitchd ovs-vsctl ip; do
  command -v $t >/dev/null 2>&1 || { echo "judge: FAIL: $t is not installed (.ci/deps installs it)"; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "judge: skipped: needs root (unshare, libvirtd)"; exit 77; }
W=$(mktemp -d /tmp/vifxml-judge.XXXXXX) || exit 2
trap 'rm -rf "$W"' EXIT
judged=""
for a in "$@"; do
  if [ -d "$a" ]; then set -- "$a"/*.xml; else set -- "$a"; fi
  for f in "$@"; do grep -q 'judge: no' "$f" || judged="$judged $f"; done
done
# shellcheck disable=SC2086
unshare --mount --net --fork sh "$0" --inner "$W" $judged >"$W/verdicts" 2>"$W/inner.err"
if [ ! -s "$W/verdicts" ]; then
  echo "judge: libvirtd did not run:"; cat "$W/inner.err"; tail -n 20 "$W/libvirtd.log" 2>/dev/null
  exit 1
fi
if [ -n "${JUDGE_VERDICTS:-}" ]; then cat "$W/verdicts"; exit 0; fi
fail=0 n=0 nref=0 nacc=0 ndef=0 nsame=0
while IFS="$(printf '\t')" read -r c verdict msg; do
  f=$(for x in $judged; do [ "$(basename "$x" .xml)" = "$c" ] && echo "$x"; done)
  out=$("$VIFXML" lint --format=json "$f" 2>/dev/null)
  errs=$(echo "$out" | grep '"severity":"error"')
  derr=$(echo "$errs" | grep '"phase":"define"')
  serr=$(echo "$errs" | grep '"phase":"start"')
  n=$((n + 1))
  # Is lint's message (its first error's) libvirt's own text?
  m=$(printf '%s\n' "$errs" | head -n1 | sed -n 's/.*"message":"\(.*\)","phase".*/\1/p' | sed 's/\\"/"/g')
  if [ -n "$m" ] && [ "$verdict" != ok ] && [ "$verdict" != defined ]; then
    case $msg in
      *"$m"*) nsame=$((nsame + 1)) ;;
      *) printf 'note: %s: lint says "%s"; libvirt: %s\n' "$c" "$m" "$msg" >>"$W/notes" ;;
    esac
  fi
  case $verdict in
    define) nref=$((nref + 1)); ok=0; [ -n "$derr" ] && ok=1 ;;
    start) nref=$((nref + 1)); ok=0; [ -z "$derr" ] && [ -n "$serr" ] && ok=1 ;;
    ok) nacc=$((nacc + 1)); ok=0; [ -z "$errs" ] && ok=1 ;;
    defined) ndef=$((ndef + 1)); ok=0; [ -z "$derr" ] && ok=1 ;;
  esac
  # The case's name says what libvirt does with it.
  case $c in
    *.refused*) [ "$verdict" = define ] || [ "$verdict" = start ] || { ok=0; msg="(named refused) $msg"; } ;;
    *) { [ "$verdict" = ok ] || [ "$verdict" = defined ]; } || { ok=0; msg="(named accepted) $msg"; } ;;
  esac
  if [ $ok = 0 ]; then
    fail=1
    printf 'DISAGREE %s: libvirt %s %s\n  lint: %s\n' "$c" "$verdict" "$msg" "$(echo "$out" | tr '\n' ' ')"
  fi
done <"$W/verdicts"
echo "judge: $n cases: $nref refused by libvirt, $nacc started, $ndef defined (define-only); $( [ $fail = 0 ] && echo 'lint agrees on all' || echo 'DISAGREEMENTS above')"
echo "judge: for $nsame of the $nref refused cases lint's message is word for word in libvirt's; the others:"
cat "$W/notes" 2>/dev/null
exit $fail
