# shellcheck shell=bash
# Image cache: build once per recipe hash, keep tarballs, keep an extracted copy for overlays.
#   .cache/lab/debs/                 .deb files downloaded by mmdebstrap (reused by every build)
#   .cache/lab/<hash>/               base.tar.zst, layer-KIND.tar.zst, repos/, complete
#   .cache/lab/rootfs/<hash>/        base/, layer-KIND/ extracted (overlay lower dirs), complete
#   .cache/lab/hostkeys/NAME/        ssh host keys, fixed per host name
# The hash covers scripts/lab/build/**, scripts/lab/packages/** and the machine architecture.

recipe_hash() {
  (
    cd "$LAB_SCRIPTS"
    find build packages -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    dpkg --print-architecture
  ) | sha256sum | cut -c1-16
}

# Tar options: numeric owners, capabilities and overlay "opaque" markers; whiteouts are char devices.
TAR_XATTRS=(--numeric-owner --xattrs --xattrs-include=security.capability --xattrs-include=trusted.overlay.opaque)

# Sets IMAGE_HASH, IMAGE_DIR (tarballs + repos) and ROOTFS_DIR (extracted lower dirs).
ensure_images() {
  IMAGE_HASH=$(recipe_hash)
  IMAGE_DIR="$CACHE_DIR/$IMAGE_HASH"
  ROOTFS_DIR="$CACHE_DIR/rootfs/$IMAGE_HASH"
  mkdir -p "$CACHE_DIR" "$LOG_DIR"
  (
    flock 8
    if [[ ! -f $IMAGE_DIR/complete ]]; then
      build_images
    elif [[ ! -f $ROOTFS_DIR/complete ]]; then
      extract_images
    fi
  ) 8>"$CACHE_DIR/.lock"
}

build_images() {
  local t0=$SECONDS log="$LOG_DIR/build.log" kind pids=() pid
  log "building lab images (recipe $IMAGE_HASH); log: $log"
  : > "$log"
  rm -rf "$IMAGE_DIR" "$ROOTFS_DIR"
  mkdir -p "$IMAGE_DIR" "$ROOTFS_DIR"
  "$LAB_SCRIPTS/build/repos.sh" "$IMAGE_DIR/repos" >>"$log.repos" 2>&1 & pid=$!
  run_logged "$log" "$LAB_SCRIPTS/build/base.sh" "$ROOTFS_DIR/base" "$CACHE_DIR/debs"
  wait "$pid" || { cat "$log.repos" >&2; die "building the package repositories failed"; }
  cat "$log.repos" >> "$log"; rm -f "$log.repos"
  log "base rootfs and repos built ($((SECONDS - t0)) s); provisioning layers"
  for kind in "${KINDS[@]}"; do
    run_logged "$log.$kind" "$LAB_SCRIPTS/build/layer.sh" "$kind" "$ROOTFS_DIR/base" "$IMAGE_DIR/repos" "$ROOTFS_DIR/layer-$kind" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "a layer build failed (see $log.*)"; done
  log "packing tarballs"
  pids=()
  tar -C "$ROOTFS_DIR/base" "${TAR_XATTRS[@]}" -I 'zstd -q -T0 -3' -cf "$IMAGE_DIR/base.tar.zst" . & pids+=($!)
  for kind in "${KINDS[@]}"; do
    tar -C "$ROOTFS_DIR/layer-$kind" "${TAR_XATTRS[@]}" -I 'zstd -q -T0 -3' -cf "$IMAGE_DIR/layer-$kind.tar.zst" . & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "packing the image tarballs failed"; done
  touch "$ROOTFS_DIR/complete" "$IMAGE_DIR/complete"
  prune_other_images
  log "images built in $((SECONDS - t0)) s"
}

extract_images() {
  local t0=$SECONDS kind pids=() pid
  log "extracting cached images ($IMAGE_HASH)"
  rm -rf "$ROOTFS_DIR"
  mkdir -p "$ROOTFS_DIR/base"
  tar -C "$ROOTFS_DIR/base" "${TAR_XATTRS[@]}" -I zstd -xpf "$IMAGE_DIR/base.tar.zst" & pids+=($!)
  for kind in "${KINDS[@]}"; do
    mkdir -p "$ROOTFS_DIR/layer-$kind"
    tar -C "$ROOTFS_DIR/layer-$kind" "${TAR_XATTRS[@]}" -I zstd -xpf "$IMAGE_DIR/layer-$kind.tar.zst" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "extracting the cached images failed"; done
  touch "$ROOTFS_DIR/complete"
  log "extracted in $((SECONDS - t0)) s"
}

# Drop images of other recipe hashes (only directories named like a hash are touched).
prune_other_images() {
  local dir
  for dir in "$CACHE_DIR"/* "$CACHE_DIR"/rootfs/*; do
    [[ -d $dir && $(basename "$dir") =~ ^[0-9a-f]{16}$ && $(basename "$dir") != "$IMAGE_HASH" ]] || continue
    rm -rf "$dir"
  done
}

run_logged() {  # LOG CMD...: run, keep output in LOG, show its tail on failure
  local log=$1; shift
  "$@" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; die "failed: $* (full log: $log)"; }
}

# ssh host keys of one host name, generated once and kept in the cache.
ensure_host_keys() {
  local dir="$CACHE_DIR/hostkeys/$1" type
  mkdir -p "$dir"
  for type in ed25519 ecdsa rsa; do
    [[ -f $dir/ssh_host_${type}_key ]] && continue
    ssh-keygen -q -t "$type" -N '' -C "root@$1" -f "$dir/ssh_host_${type}_key"
  done
}
