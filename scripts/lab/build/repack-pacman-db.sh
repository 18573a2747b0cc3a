#!/bin/bash
# Rewrite a pacman repo db tarball with fixed times, owners and entry order (repo-add stamps "now").
# Usage: repack-pacman-db.sh DB.tar.gz   (needs SOURCE_DATE_EPOCH)
set -euo pipefail
db=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bsdtar -xf "$db" -C "$tmp"
find "$tmp" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' \
  | bsdtar --uid 0 --gid 0 --uname root --gname root -n -T - -cf -) | gzip -9n > "$db.tmp"
mv "$db.tmp" "$db"
