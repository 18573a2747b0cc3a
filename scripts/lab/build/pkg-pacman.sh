#!/bin/bash
# Build one demo pacman package. Usage: pkg-pacman.sh NAME VERSION DEPENDS SUMMARY HOOK_FILE|- OUT_DIR
# makepkg refuses root: it runs as uid 65534 in a scratch dir (no host user is created).
set -euo pipefail
name=$1 ver=$2 deps=$3 summary=$4 hook=$5 out=$6
# A fixed build path: makepkg records it in .BUILDINFO, so a random one breaks repeatability.
work="${TMPDIR:-/tmp}/pkgfleet-lab-makepkg/$name-$ver"
rm -rf "$work"; mkdir -p "$work"; trap 'rm -rf "$work"' EXIT
{
  echo "pkgname=$name"
  echo "pkgver=$ver"
  echo "pkgrel=1"
  echo "pkgdesc='$summary'"
  echo "arch=('any')"
  echo "license=('MIT')"
  [[ $deps == - ]] || echo "depends=('$deps')"
  [[ $hook == - ]] || echo "install=$name.install"
  echo 'package() {'
  echo '  install -d "$pkgdir/usr/bin"'
  echo "  printf '#!/bin/sh\\necho %s\\n' '$ver' > \"\$pkgdir/usr/bin/$name\""
  echo "  chmod 755 \"\$pkgdir/usr/bin/$name\""
  echo '}'
} > "$work/PKGBUILD"
if [[ $hook != - ]]; then
  { echo 'post_install() {'; cat "$hook"; echo '}'; echo 'post_upgrade() {'; echo '  post_install'; echo '}'; } > "$work/$name.install"
fi
chown -R 65534:65534 "$work"
( cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups \
    env -i PATH="$PATH" HOME="$work" SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" PKGEXT=.pkg.tar.zst \
    PACKAGER='pkgfleet lab <lab@pkgfleet.invalid>' \
    makepkg --nodeps --noconfirm --force >"$work/makepkg.log" 2>&1 ) \
  || { cat "$work/makepkg.log" >&2; exit 1; }
cp "$work/$name-$ver-1-any.pkg.tar.zst" "$out/"
