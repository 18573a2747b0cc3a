#!/bin/bash
# Provision what every lab host shares, into rootfs $1 (run by mmdebstrap as a customize hook).
# Per-host parts (hostname, host keys, authorized_keys) are written at start, see runtime/host-init.sh.
set -euo pipefail
root=$1
in_root() { chroot "$root" "$@"; }

# Users: alice (passwordless sudo), bob (sudo asks for his password). Fixed uids for the tests.
in_root useradd --create-home --uid 1000 --user-group --shell /bin/bash alice
in_root useradd --create-home --uid 1001 --user-group --shell /bin/bash bob
echo "bob:bobpass" | in_root chpasswd
for home in root home/alice home/bob; do
  install -d -m 700 "$root/$home/.ssh"
done
in_root chown alice:alice /home/alice/.ssh
in_root chown bob:bob /home/bob/.ssh

install -m 440 /dev/stdin "$root/etc/sudoers.d/lab" <<'SUDO'
alice ALL=(ALL:ALL) NOPASSWD: ALL
bob ALL=(ALL:ALL) ALL
SUDO

install -m 644 /dev/stdin "$root/etc/ssh/sshd_config.d/lab.conf" <<'SSHD'
# pkgfleet lab host
PermitRootLogin prohibit-password
PasswordAuthentication yes
UseDNS no
PrintMotd no
MaxStartups 200:30:400
MaxSessions 100
SSHD
# Host keys are per host and injected at start (fixed per host name in the build cache).
rm -f "$root"/etc/ssh/ssh_host_*

# No network and no mirror inside the lab: drop the build's apt sources and resolver.
rm -f "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*
: > "$root/etc/resolv.conf"
echo lab > "$root/etc/hostname"

# pacman needs /etc/mtab; Debian's rpm keeps its db in $HOME unless told otherwise.
ln -sfn ../proc/self/mounts "$root/etc/mtab"
install -d "$root/etc/rpm"
echo '%_dbpath /var/lib/rpm' > "$root/etc/rpm/macros.lab-dbpath"

install -d "$root/srv/repo" "$root/usr/lib/lab-hidden"
