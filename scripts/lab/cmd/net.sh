#!/bin/bash
# lab net-down|net-up HOST
#   net-down: the host stops answering; packets to it are dropped silently, so connections time
#             out (a permanent neighbour entry keeps ARP from failing fast with "no route").
#   net-up  : back to normal.
source "$(dirname "$0")/../lib/common.sh"
action=$1 name=${2:-}
[[ -n $name ]] || die "usage: $action HOST"
require_root "$action"
load_host "$name"
case $action in
  net-down)
    mac=$(ip -n "$NETNS" -br link show eth0 | awk '{ print $3 }')
    ip neigh replace "$ADDRESS" lladdr "$mac" dev "$BRIDGE" nud permanent
    ip link set "$VETH" down ;;
  net-up)
    ip link set "$VETH" up
    ip neigh del "$ADDRESS" dev "$BRIDGE" 2>/dev/null || true ;;
  *) die "unknown action $action" ;;
esac
log "$action $name: done"
