#!/bin/bash
# Write a distribution identity (os-release and the classic release file) into ROOT.
# Usage: os-release.sh ROOT KIND   (apt keeps Debian's own)
set -euo pipefail
root=$1 kind=$2
osr="$root/usr/lib/os-release"
case $kind in
  apt) exit 0 ;;
  dnf)
    cat > "$osr" <<'OSR'
NAME="Fedora Linux"
VERSION="39 (pkgfleet lab)"
ID=fedora
VERSION_ID=39
PLATFORM_ID="platform:f39"
PRETTY_NAME="Fedora Linux 39 (pkgfleet lab)"
OSR
    echo 'Fedora release 39 (pkgfleet lab)' > "$root/etc/fedora-release"
    ln -sfn fedora-release "$root/etc/system-release" ;;
  zypper)
    cat > "$osr" <<'OSR'
NAME="openSUSE Leap"
VERSION="15.5"
ID="opensuse-leap"
ID_LIKE="suse opensuse"
VERSION_ID="15.5"
PRETTY_NAME="openSUSE Leap 15.5 (pkgfleet lab)"
OSR
    ;;
  pacman)
    cat > "$osr" <<'OSR'
NAME="Arch Linux"
PRETTY_NAME="Arch Linux (pkgfleet lab)"
ID=arch
BUILD_ID=rolling
OSR
    : > "$root/etc/arch-release" ;;
  *) echo "unknown kind $kind" >&2; exit 1 ;;
esac
ln -sfn ../usr/lib/os-release "$root/etc/os-release"
