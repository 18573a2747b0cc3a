#!/bin/bash
# pacman host (Arch-like): pacman only, the lab repo "labrepo", the 1.0 packages installed from files.
# Usage: flavour-pacman.sh ROOT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=$1
conf="$root/etc/pacman.conf"
sed -i '/^\[options\]/a SigLevel = Never\nLocalFileSigLevel = Never' "$conf"
printf '\n[labrepo]\nSigLevel = Never\nServer = file:///srv/repo/pacman\n' >> "$conf"
mapfile -t files < <(awk '{ print "/srv/repo/pacman/" $1 "-" $2 "-1-any.pkg.tar.zst" }' "$root/srv/repo/preinstalled.txt")
chroot "$root" pacman -U --noconfirm --noprogressbar "${files[@]}"
chroot "$root" pacman -Sy --noconfirm --noprogressbar
"$here/os-release.sh" "$root" pacman
"$here/hide-tools.sh" "$root" apt rpm dnf zypper
