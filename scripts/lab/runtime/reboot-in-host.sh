#!/bin/sh
# `reboot` inside a lab host (installed as /usr/local/sbin/reboot by host-init.sh at every start).
# A simulated reboot, no kernel boots: /run is emptied (so /run/reboot-required goes), sshd (the
# host's PID 1) restarts itself on SIGHUP, and every other process of the host ends (kill -1
# never signals PID 1), so every ssh connection drops. Files on disk are kept.
[ "$(id -u)" = 0 ] || { echo "reboot: must be root" >&2; exit 1; }
for f in /run/* /run/.[!.]*; do
  case $f in
    /run/sshd | /run/sshd.pid | /run/lock) ;;
    *) rm -rf "$f" ;;
  esac
done
rm -rf /run/lock/* 2>/dev/null
sync
kill -HUP 1
kill -KILL -1
