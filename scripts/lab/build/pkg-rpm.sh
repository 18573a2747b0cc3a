#!/bin/bash
# Build one demo noarch rpm. Usage: pkg-rpm.sh NAME VERSION DEPENDS SUMMARY HOOK_FILE|- OUT_DIR
# AutoReqProv is off: the rpmdb of a lab host knows nothing about Debian's /bin/sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=$1 ver=$2 deps=$3 summary=$4 hook=$5 out=$6
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
spec="$work/$name.spec"
{
  echo "Name: $name"
  echo "Version: $ver"
  echo "Release: 1"
  echo "Summary: $summary"
  echo "License: MIT"
  echo "BuildArch: noarch"
  echo "AutoReqProv: no"
  [[ $deps == - ]] || echo "Requires: $deps"
  echo "%description"
  echo "pkgfleet lab demo: installs /usr/bin/$name, which prints its version."
  echo "%install"
  echo "mkdir -p %{buildroot}/usr/bin"
  echo "printf '#!/bin/sh\\necho %s\\n' '$ver' > %{buildroot}/usr/bin/$name"
  echo "chmod 0755 %{buildroot}/usr/bin/$name"
  if [[ $hook != - ]]; then echo "%post"; cat "$hook"; fi
  echo "%files"
  echo "/usr/bin/$name"
} > "$spec"
"$here/rpmbuild.sh" "$work" "$spec" "$out"
