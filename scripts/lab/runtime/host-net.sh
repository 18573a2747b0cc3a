#!/bin/bash
# Create or delete a host's network: netns NETNS with eth0 (ADDRESS/24, no default route),
# veth peer VETH enslaved to the lab bridge. Usage: host-net.sh up|down NAME
source "$(dirname "$0")/../lib/common.sh"
action=$1 name=$2
load_host "$name"
case $action in
  up)
    ip netns add "$NETNS"
    ip link add "$VETH" type veth peer name eth0 netns "$NETNS"
    ip link set "$VETH" master "$BRIDGE" up
    ip -n "$NETNS" addr add "$ADDRESS/24" dev eth0
    ip -n "$NETNS" link set lo up
    ip -n "$NETNS" link set eth0 up
    ;;
  down)
    ip neigh del "$ADDRESS" dev "$BRIDGE" 2>/dev/null || true
    ip link del "$VETH" 2>/dev/null || true
    ip netns del "$NETNS" 2>/dev/null || true
    ;;
  *) die "usage: host-net.sh up|down NAME" ;;
esac
