#!/bin/bash
# The plain OpenSSH loop: one background ssh per host, then wait for all of them. What anyone with a
# shell would write; the benchmark's baseline for "no tool at all".
# usage: ssh-loop.sh HOSTS_FILE COMMAND_FILE OUT_DIR [ssh options...]
# Writes OUT_DIR/out/HOST, OUT_DIR/err/HOST and OUT_DIR/rc.txt ("HOST EXIT_CODE" per line).
set -u
hosts_file=$1 cmd_file=$2 out=$3
shift 3
cmd=$(cat "$cmd_file")
mapfile -t hosts <"$hosts_file"
mkdir -p "$out/out" "$out/err"
pids=()
for h in "${hosts[@]}"; do
  ssh "$@" "$h" "$cmd" >"$out/out/$h" 2>"$out/err/$h" </dev/null &
  pids+=("$!")
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}"
  echo "${hosts[$i]} $?"
done >"$out/rc.txt"
