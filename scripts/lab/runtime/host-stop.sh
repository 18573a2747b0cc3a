#!/bin/bash
# Stop a host's sshd: SIGTERM to the host's PID 1 (never to unshare, which blocks SIGTERM while
# it waits), so the kernel ends every process of the host. The network and the overlay upper
# dir stay (a later host-start.sh is a "reboot"). Only recorded PIDs are signalled, after
# checking their comm. Usage: host-stop.sh NAME
source "$(dirname "$0")/../lib/common.sh"
name=$1
dir="$HOSTS_DIR/$name"
upid=$(cat "$dir/unshare.pid" 2>/dev/null) || exit 0
if ! live_pid_with_comm "$upid" unshare >/dev/null; then
  rm -f "$dir/unshare.pid" "$dir/sshd.pid"; exit 0
fi
init=$(tr -d ' \n' < "/proc/$upid/task/$upid/children" 2>/dev/null || true)
# The child is sshd once started, or still host-init.sh if the start failed half way.
if [[ -n $init ]] && { live_pid_with_comm "$init" sshd || live_pid_with_comm "$init" host-init.sh; } >/dev/null; then
  kill -TERM "$init"
fi
for i in $(seq 1 50); do
  live_pid_with_comm "$upid" unshare >/dev/null || break
  if [[ $i == 30 && -n $init ]] && { live_pid_with_comm "$init" sshd || live_pid_with_comm "$init" host-init.sh; } >/dev/null; then
    kill -KILL "$init"   # the host's PID 1 ignored SIGTERM for 3 s
  fi
  sleep 0.1
done
live_pid_with_comm "$upid" unshare >/dev/null && die "$name: unshare $upid did not exit"
rm -f "$dir/unshare.pid" "$dir/sshd.pid"
