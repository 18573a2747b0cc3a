#!/bin/bash
# Build the layer of one host kind: an overlay upper dir on top of the base rootfs, provisioned
# by flavour-KIND.sh, with the repos bind-mounted at /srv/repo. Everything is mounted in a private
# mount namespace, so nothing is left mounted when this script ends.
# Usage: layer.sh KIND BASE_DIR REPOS_DIR LAYER_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kind=$1 base=$2 repos=$3 layer=$4
scratch="$layer.build"
rm -rf "$layer" "$scratch"
mkdir -p "$layer" "$scratch/work" "$scratch/mnt"
unshare --mount --propagation private /bin/bash -euo pipefail -c '
  here=$1 kind=$2 base=$3 repos=$4 layer=$5 scratch=$6
  mnt="$scratch/mnt"
  # redirect_dir/index/metacopy off: the upper dir must stay a plain, portable layer.
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$layer,workdir=$scratch/work,redirect_dir=off,index=off,metacopy=off" "$mnt"
  mount -t proc proc "$mnt/proc"
  mount --bind /dev "$mnt/dev"
  mount -t tmpfs -o mode=755 tmpfs "$mnt/run"
  mount -t tmpfs -o mode=1777 tmpfs "$mnt/tmp"
  mount --bind -o ro "$repos" "$mnt/srv/repo"
  "$here/flavour-$kind.sh" "$mnt"
' layer "$here" "$kind" "$base" "$repos" "$layer" "$scratch"
rm -rf "$scratch"
