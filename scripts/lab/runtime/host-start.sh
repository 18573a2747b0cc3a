#!/bin/bash
# Start a host's sshd (its network must exist, see host-net.sh) and wait until it listens.
# The recorded PID is the `unshare` process; its only child is the host's PID 1 (sshd).
# Usage: host-start.sh NAME
source "$(dirname "$0")/../lib/common.sh"
name=$1
load_host "$name"
dir="$HOSTS_DIR/$name"
host_sshd_pid "$name" >/dev/null && die "$name: sshd is already running"
mkdir -p "$RUN_DIR/$name/upper" "$RUN_DIR/$name/work" "$ROOT_MNT"

# setsid: detached from the caller's session; all fds closed or redirected, so a caller that
# captures our output (a test) is not kept waiting by the long-lived host.
setsid ip netns exec "$NETNS" unshare --pid --uts --fork --kill-child=SIGTERM \
  "$LAB_SCRIPTS/runtime/host-init.sh" "$name" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- 9>&- &
echo $! > "$dir/unshare.pid"

for _ in $(seq 1 200); do
  if pid=$(host_sshd_pid "$name") \
    && ip netns exec "$NETNS" ss -Hltn "sport = :22" 2>/dev/null | grep . >/dev/null; then
    echo "$pid" > "$dir/sshd.pid"
    exit 0
  fi
  kill -0 "$(cat "$dir/unshare.pid")" 2>/dev/null || break
  sleep 0.1
done
tail -n 20 "$LOG_DIR/$name.log" >&2
die "$name: sshd did not start (log: $LOG_DIR/$name.log)"
