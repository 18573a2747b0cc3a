#!/bin/bash
# lab status: one line per host. Exit 0 when every host's sshd is running, 1 otherwise.
source "$(dirname "$0")/../lib/common.sh"
hosts=$(lab_hosts)
if [[ -z $hosts ]]; then
  echo "lab is down"
  exit 1
fi
all_up=0
printf '%-10s %-7s %-13s %-22s %-8s %s\n' HOST KIND ADDRESS NETNS SSHD STATE
for name in $hosts; do
  load_host "$name"
  state=up
  pid=$(host_sshd_pid "$name") || { pid=-; state="sshd stopped"; all_up=1; }
  [[ -e /run/netns/$NETNS ]] || { state="no netns"; all_up=1; }
  [[ $(ip -br link show "$VETH" 2>/dev/null | awk '{ print $2 }') == DOWN ]] && state="$state, network down"
  printf '%-10s %-7s %-13s %-22s %-8s %s\n' "$name" "$KIND" "$ADDRESS" "$NETNS" "$pid" "$state"
done
exit "$all_up"
