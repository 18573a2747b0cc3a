#!/bin/bash
# dnf host (Fedora-like): dnf + rpm only, the lab rpm-md repo, metadata cached.
# Usage: flavour-dnf.sh ROOT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=$1
"$here/flavour-rpm-common.sh" "$root"
install -d "$root/etc/yum.repos.d"
cat > "$root/etc/yum.repos.d/lab.repo" <<'REPO'
[lab]
name=pkgfleet lab demo
baseurl=file:///srv/repo/rpm
enabled=1
gpgcheck=0
repo_gpgcheck=0
metadata_expire=0
REPO
"$here/os-release.sh" "$root" dnf
chroot "$root" dnf -q -y makecache
"$here/hide-tools.sh" "$root" apt zypper pacman
