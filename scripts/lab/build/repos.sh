#!/bin/bash
# Build the lab's package repositories from scripts/lab/packages into OUT_DIR:
#   apt/      pool/<suite>/*.deb, dists/{lab,lab-security}   (lab-security: Label Lab-Security)
#   rpm/      *.rpm, repodata/ with updateinfo (LAB-2026-0001 security, LAB-2026-0002 bugfix)
#   pacman/   every *.pkg.tar.zst, labrepo.db holding only the newest version of each package
#   rpm-base/ lab-release rpm (installed at provisioning, not published)
#   preinstalled.txt   "name version" lines installed while provisioning
# Usage: repos.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
recipes="$here/../packages"
out=$1
export SOURCE_DATE_EPOCH=1767225600   # 2026-01-01T00:00:00Z: fixed times make the builds repeatable

rm -rf "$out"
mkdir -p "$out"/{apt/pool/lab,apt/pool/lab-security,rpm,pacman,rpm-base}

catalog() { grep -v -e '^#' -e '^[[:space:]]*$' "$recipes/catalog.txt"; }

build_one() {  # FORMAT NAME VERSION SUITE DEPENDS SUMMARY
  local format=$1 name=$2 ver=$3 suite=$4 deps=$5 summary=$6 hook dest
  hook="$recipes/hooks/$name-$ver.post"; [[ -f $hook ]] || hook=-
  case $format in
    deb) dest="$out/apt/pool/$suite" ;;
    rpm) dest="$out/rpm" ;;
    pacman) dest="$out/pacman" ;;
  esac
  "$here/pkg-$format.sh" "$name" "$ver" "$deps" "$summary" "$hook" "$dest"
}

# Every package in every format at once (makepkg takes ~2 s each, mostly waiting).
pids=()
while read -r name ver suite pdb pre deps summary; do
  for format in deb rpm pacman; do
    build_one "$format" "$name" "$ver" "$suite" "$deps" "$summary" & pids+=($!)
  done
done < <(catalog)
for pid in "${pids[@]}"; do wait "$pid"; done

catalog | awk '$5 == "yes" { print $1, $2 }' > "$out/preinstalled.txt"

rpm_work=$(mktemp -d); trap 'rm -rf "$rpm_work"' EXIT
"$here/rpmbuild.sh" "$rpm_work" "$recipes/lab-release.spec" "$out/rpm-base"

# apt: one Packages index and one Release per suite.
arch=$(dpkg --print-architecture)
release_date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
for suite in lab lab-security; do
  label=Lab; [[ $suite == lab-security ]] && label=Lab-Security
  dist="$out/apt/dists/$suite"
  mkdir -p "$dist/main/binary-$arch"
  (cd "$out/apt" && apt-ftparchive packages "pool/$suite" > "dists/$suite/main/binary-$arch/Packages")
  gzip -9nk "$dist/main/binary-$arch/Packages"
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin=Lab -o "APT::FTPArchive::Release::Label=$label" \
    -o "APT::FTPArchive::Release::Suite=$suite" -o "APT::FTPArchive::Release::Codename=$suite" \
    -o "APT::FTPArchive::Release::Architectures=$arch" -o APT::FTPArchive::Release::Components=main \
    -o "APT::FTPArchive::Release::Date=$release_date" \
    -o "APT::FTPArchive::Release::Description=pkgfleet lab demo $suite" \
    release "$dist" > "$out/apt/Release.tmp"
  mv "$out/apt/Release.tmp" "$dist/Release"
done

# rpm: one repo, plus the advisories.
touch -d "@$SOURCE_DATE_EPOCH" "$out"/rpm/*.rpm   # createrepo_c records file mtimes
createrepo_c --quiet --no-database --general-compress-type=gz --revision "$SOURCE_DATE_EPOCH" \
  --set-timestamp-to-revision "$out/rpm" >/dev/null
modifyrepo_c --compress-type=gz --mdtype=updateinfo "$recipes/updateinfo.xml" "$out/rpm/repodata" >/dev/null
sed -i "s|<timestamp>[0-9]*</timestamp>|<timestamp>$SOURCE_DATE_EPOCH</timestamp>|" "$out/rpm/repodata/repomd.xml"

# pacman: the db lists the newest version only; older files stay next to it for `pacman -U`.
db_pkgs=()
while read -r name ver suite pdb _; do
  [[ $pdb == yes ]] && db_pkgs+=("$out/pacman/$name-$ver-1-any.pkg.tar.zst")
done < <(catalog)
repo-add --quiet "$out/pacman/labrepo.db.tar.gz" "${db_pkgs[@]}" >/dev/null 2>&1 \
  || repo-add "$out/pacman/labrepo.db.tar.gz" "${db_pkgs[@]}"
for db in labrepo.db labrepo.files; do "$here/repack-pacman-db.sh" "$out/pacman/$db.tar.gz"; done
