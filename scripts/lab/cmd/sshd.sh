#!/bin/bash
# lab stop-sshd|start-sshd|reboot|reset HOST
#   stop-sshd : end the host's sshd, and with it every process of the host (connections refused)
#   start-sshd: start it again; files written on the host are kept
#   reboot    : stop + start; files are kept, /run starts empty (so does /run/reboot-required)
#   reset     : stop + forget every change made on the host + start: as clean as after `up`
source "$(dirname "$0")/../lib/common.sh"
source "$LAB_SCRIPTS/lib/state.sh"
action=$1 name=${2:-}
[[ -n $name ]] || die "usage: $action HOST"
require_root "$action"
take_lab_lock
load_host "$name"
case $action in
  stop-sshd) "$LAB_SCRIPTS/runtime/host-stop.sh" "$name" ;;
  start-sshd) "$LAB_SCRIPTS/runtime/host-start.sh" "$name" ;;
  reboot)
    "$LAB_SCRIPTS/runtime/host-stop.sh" "$name"
    "$LAB_SCRIPTS/runtime/host-start.sh" "$name" ;;
  reset)
    "$LAB_SCRIPTS/runtime/host-stop.sh" "$name"
    [[ -n $name && -d $RUN_DIR/$name ]] && rm -rf "${RUN_DIR:?}/$name"
    "$LAB_SCRIPTS/runtime/host-start.sh" "$name" ;;
  *) die "unknown action $action" ;;
esac
write_lab_json
log "$action $name: done"
