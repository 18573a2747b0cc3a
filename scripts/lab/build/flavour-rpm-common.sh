#!/bin/bash
# Shared by the dnf and zypper hosts: an rpmdb in /var/lib/rpm holding lab-release and the
# preinstalled demo packages. Usage: flavour-rpm-common.sh ROOT
# (Debian's rpm prints "RPM should not be used directly ... use Alien": harmless here.)
set -euo pipefail
root=$1
mapfile -t files < <(awk '{ print "/srv/repo/rpm/" $1 "-" $2 "-1.noarch.rpm" }' "$root/srv/repo/preinstalled.txt")
chroot "$root" rpm --initdb
chroot "$root" rpm -i /srv/repo/rpm-base/lab-release-39-1.noarch.rpm "${files[@]}"
