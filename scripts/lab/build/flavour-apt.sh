#!/bin/bash
# apt host: Debian as built, the lab's two suites, labdemo/labsec 1.0 installed, package lists fetched.
# Usage: flavour-apt.sh ROOT   (ROOT is mounted, with the repos at ROOT/srv/repo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=$1
cat > "$root/etc/apt/sources.list.d/lab.list" <<'LIST'
deb [trusted=yes] file:/srv/repo/apt lab main
deb [trusted=yes] file:/srv/repo/apt lab-security main
LIST
export DEBIAN_FRONTEND=noninteractive
chroot "$root" apt-get update -q
mapfile -t pins < <(awk '{ print $1 "=" $2 }' "$root/srv/repo/preinstalled.txt")
chroot "$root" apt-get install -y -q --no-install-recommends "${pins[@]}"
chroot "$root" apt-get clean
"$here/hide-tools.sh" "$root" rpm dnf zypper pacman
