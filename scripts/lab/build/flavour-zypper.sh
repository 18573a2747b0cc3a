#!/bin/bash
# zypper host (openSUSE-like): zypper + rpm only, the lab rpm-md repo, refreshed.
# Usage: flavour-zypper.sh ROOT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=$1
"$here/flavour-rpm-common.sh" "$root"
install -d "$root/etc/zypp/repos.d"
cat > "$root/etc/zypp/repos.d/lab.repo" <<'REPO'
[lab]
name=pkgfleet lab demo
enabled=1
autorefresh=1
baseurl=file:///srv/repo/rpm
type=rpm-md
gpgcheck=0
repo_gpgcheck=0
pkg_gpgcheck=0
REPO
"$here/os-release.sh" "$root" zypper
chroot "$root" zypper -n -q refresh
"$here/hide-tools.sh" "$root" apt dnf pacman
