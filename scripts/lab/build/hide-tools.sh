#!/bin/bash
# Move the command-line tools of the given package-manager families out of PATH, into
# /usr/lib/lab-hidden, so a host of one kind does not look like another (detection probes PATH).
# Usage: hide-tools.sh ROOT FAMILY...   (families: apt rpm dnf zypper pacman)
set -euo pipefail
root=$1; shift
declare -A tools=(
  [apt]='usr/bin/apt usr/bin/apt-* usr/bin/dpkg usr/bin/dpkg-*'
  [rpm]='usr/bin/rpm usr/bin/rpm?* usr/bin/gendiff'
  [dnf]='usr/bin/dnf usr/bin/dnf-3'
  [zypper]='usr/bin/zypper usr/bin/needs-restarting usr/sbin/zypp-refresh usr/sbin/zypper-log'
  [pacman]='usr/bin/pacman usr/bin/pacman-* usr/bin/repo-add usr/bin/repo-remove usr/bin/repo-elephant'
)
hidden="$root/usr/lib/lab-hidden"
install -d "$hidden"
shopt -s nullglob
for family in "$@"; do
  [[ -n ${tools[$family]:-} ]] || { echo "unknown tool family: $family" >&2; exit 1; }
  read -r -a patterns <<< "${tools[$family]}"   # split without globbing against the cwd
  for pattern in "${patterns[@]}"; do
    for path in "$root"/$pattern; do mv "$path" "$hidden/"; done
  done
done
if [[ " $* " == *" apt "* && -e $root/etc/debian_version ]]; then
  mv "$root/etc/debian_version" "$hidden/"
fi
