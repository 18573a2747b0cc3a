#!/bin/bash
# Build one demo .deb. Usage: pkg-deb.sh NAME VERSION DEPENDS SUMMARY HOOK_FILE|- OUT_DIR
set -euo pipefail
name=$1 ver=$2 deps=$3 summary=$4 hook=$5 out=$6
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root="$work/$name"
install -d "$root/DEBIAN" "$root/usr/bin"
printf '#!/bin/sh\necho %s\n' "$ver" > "$root/usr/bin/$name"
chmod 755 "$root/usr/bin/$name"
{
  echo "Package: $name"
  echo "Version: $ver"
  echo "Architecture: all"
  echo "Maintainer: pkgfleet lab <lab@pkgfleet.invalid>"
  [[ $deps == - ]] || echo "Depends: $deps"
  echo "Section: misc"
  echo "Priority: optional"
  echo "Description: $summary"
  echo " pkgfleet lab demo: installs /usr/bin/$name, which prints its version."
} > "$root/DEBIAN/control"
if [[ $hook != - ]]; then
  { printf '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n'; cat "$hook"; printf 'fi\n'; } > "$root/DEBIAN/postinst"
  chmod 755 "$root/DEBIAN/postinst"
fi
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/${name}_${ver}_all.deb" >/dev/null
