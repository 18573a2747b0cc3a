#!/bin/bash
# First process of a lab host: PID 1 of a fresh PID+UTS namespace, inside the host's netns and
# its own mount namespace (from `ip netns exec`). It mounts the host's root and execs its sshd,
# which stays PID 1: when sshd ends, the kernel ends every process of the host and every mount
# below disappears with the namespace. Started by host-start.sh. Usage: host-init.sh NAME
source "$(dirname "$0")/../lib/common.sh"
name=$1
load_host "$name"
root=$ROOT_MNT

hostname "$name"
# The upper dir lives on the lab's tmpfs ($RUN_DIR), so it survives an sshd restart ("reboot").
mount -t overlay overlay -o "lowerdir=$LOWER_DIRS,upperdir=$UPPER_DIR,workdir=$WORK_DIR" "$root"
mount --bind -o ro "$REPOS_DIR" "$root/srv/repo"
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"
for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r dev major minor <<< "$node"
  mknod -m 666 "$root/dev/$dev" c "$major" "$minor"
done
mkdir -m 755 "$root/dev/pts"
mkdir -m 1777 "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
# /run is per boot: a reboot clears it (and with it /run/reboot-required).
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$root/run"
install -d -m 755 "$root/run/sshd"
install -d -m 1777 "$root/run/lock"
# `reboot` inside the host is simulated (runtime/reboot-in-host.sh, docs/lab.md).
install -D -m 755 "$LAB_SCRIPTS/runtime/reboot-in-host.sh" "$root/usr/local/sbin/reboot"

if [[ ! -f $RUN_DIR/$name/first-boot-done ]]; then
  "$LAB_SCRIPTS/runtime/host-personalize.sh" "$name" "$root"
  touch "$RUN_DIR/$name/first-boot-done"
fi

echo "[lab] $name: starting sshd on $ADDRESS:22"
exec chroot "$root" /usr/sbin/sshd -D -e
