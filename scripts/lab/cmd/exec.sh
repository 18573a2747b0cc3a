#!/bin/bash
# lab exec HOST -- CMD...: run CMD as root inside HOST (its mount, UTS, net and PID namespaces,
# chrooted to its root), with a clean environment. stdin/stdout/stderr and the exit code pass
# through. If this process is killed, CMD gets SIGTERM (parent-death signal).
source "$(dirname "$0")/../lib/common.sh"
[[ $# -ge 1 ]] || die "usage: exec HOST -- CMD..."
name=$1; shift
[[ ${1:-} == -- ]] && shift
[[ $# -ge 1 ]] || die "usage: exec HOST -- CMD..."
require_root exec
load_host "$name"
pid=$(host_sshd_pid "$name") || die "$name is not running (lab start-sshd $name?)"
exec nsenter --target "$pid" --mount --uts --net --pid --root --wd -- \
  /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root USER=root LOGNAME=root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
  /usr/bin/setpriv --pdeathsig TERM -- "$@"
