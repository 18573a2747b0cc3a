#!/bin/bash
# lab rekey HOST: give the host new ssh host keys (sshd re-reads them on SIGHUP; open sessions
# stay). The lab's known_hosts is NOT updated, so clients see a changed host key. The new
# keys are printed as known_hosts lines (and kept in .lab/hosts/HOST/known_hosts.new).
# `lab up` restores the original keys.
source "$(dirname "$0")/../lib/common.sh"
name=${1:-}
[[ -n $name ]] || die "usage: rekey HOST"
require_root rekey
take_lab_lock
load_host "$name"
pid=$(host_sshd_pid "$name") || die "$name is not running"
"$LAB_SCRIPTS/cmd/exec.sh" "$name" -- /bin/sh -c 'rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub && ssh-keygen -A >/dev/null'
kill -HUP "$pid"
# sshd re-executes itself on SIGHUP (same PID); wait until it listens again.
for _ in $(seq 1 100); do
  sleep 0.1
  host_sshd_pid "$name" >/dev/null && ip netns exec "$NETNS" ss -Hltn "sport = :22" | grep . >/dev/null && break
done
"$LAB_SCRIPTS/cmd/exec.sh" "$name" -- /bin/sh -c 'cat /etc/ssh/ssh_host_*_key.pub' \
  | awk -v h="$name,$ADDRESS" '{ print h, $1, $2 }' | tee "$HOSTS_DIR/$name/known_hosts.new"
