# shellcheck shell=bash
# Host tools the lab needs; installed non-interactively from the machine's own apt sources when missing.

# command -> Debian package providing it
declare -A LAB_TOOL_PACKAGES=(
  [mmdebstrap]=mmdebstrap
  [rpmbuild]=rpm
  [createrepo_c]=createrepo-c
  [modifyrepo_c]=createrepo-c
  [pacman]=pacman-package-manager
  [makepkg]=makepkg
  [repo-add]=makepkg
  [fakeroot]=fakeroot
  [apt-ftparchive]=apt-utils
  [dpkg-deb]=dpkg-dev
  [bsdtar]=libarchive-tools
  [zstd]=zstd
  [ip]=iproute2
  [ssh]=openssh-client
  [ssh-keygen]=openssh-client
  [nsenter]=util-linux
  [unshare]=util-linux
  [setpriv]=util-linux
  [flock]=util-linux
  [sha256sum]=coreutils
)

ensure_host_tools() {
  local cmd missing=()
  for cmd in "${!LAB_TOOL_PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${LAB_TOOL_PACKAGES[$cmd]}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing host tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
