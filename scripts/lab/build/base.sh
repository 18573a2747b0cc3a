#!/bin/bash
# Build the all-in-one base rootfs (Debian minbase + openssh-server, sudo, dnf, rpm, zypper, pacman)
# into directory $1, with the parts every host shares (users, sudo, sshd config) provisioned.
# Usage: base.sh OUT_DIR DEB_CACHE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out=$1 debs=$2

# The machine's own apt sources (deb822): mmdebstrap pastes them into the chroot, so no mirror
# host name appears in our code. Provisioning removes them again: lab hosts have no network.
sources=/etc/apt/sources.list.d/debian.sources
[[ -r $sources ]] || { echo "missing $sources" >&2; exit 1; }
suite=$(awk -F': *' 'tolower($1) == "suites" { split($2, s, " "); print s[1]; exit }' "$sources")
[[ -n $suite ]] || { echo "no Suites: in $sources" >&2; exit 1; }

# zypper and dnf-plugins-core conflict in Debian: never add dnf-plugins-core here.
include=openssh-server,sudo,procps,apt-utils,dnf,rpm,zypper,pacman-package-manager

mkdir -p "$debs"
rm -rf "$out"
mmdebstrap --variant=minbase --mode=root --format=directory \
  --include="$include" \
  --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in '$debs' /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives '$debs'" \
  --customize-hook="'$here/provision-common.sh' \"\$1\"" \
  "$suite" "$out" "$sources"
