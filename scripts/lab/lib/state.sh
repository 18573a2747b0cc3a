# shellcheck shell=bash
# Files `up` writes for clients: known_hosts, inventory.yml (our inventory format), lab.json.

write_known_hosts() {
  local name pub tmp="$KNOWN_HOSTS.tmp"
  : > "$tmp"
  for name in $(lab_hosts); do
    load_host "$name"
    for pub in "$CACHE_DIR/hostkeys/$name"/ssh_host_*_key.pub; do
      printf '%s,%s %s\n' "$name" "$ADDRESS" "$(cut -d' ' -f1,2 "$pub")" >> "$tmp"
    done
  done
  mv "$tmp" "$KNOWN_HOSTS"
}

write_inventory() {
  local name kind members out="$STATE_DIR/inventory.yml"
  {
    echo '# written by `npm run lab -- up`'
    echo 'defaults:'
    echo '  user: alice'
    echo "  key_file: $KEY_FILE"
    echo "  known_hosts: $KNOWN_HOSTS"
    echo '  become: true'
    echo 'groups:'
    for kind in "${KINDS[@]}"; do
      members=$(lab_hosts | grep -E "^$kind[0-9]+$" | paste -sd, - | sed 's/,/, /g')
      [[ -n $members ]] && echo "  $kind: { hosts: [$members] }"
    done
    echo 'hosts:'
    for name in $(lab_hosts); do
      load_host "$name"
      echo "  $name: { address: $ADDRESS }"
    done
  } > "$out.tmp"
  mv "$out.tmp" "$out"
}

json_str() { printf '"%s"' "$1"; }   # our values never contain quotes or backslashes

write_lab_json() {
  local name out="$STATE_DIR/lab.json" sshd unshare
  {
    echo '{'
    echo '  "version": 1,'
    echo "  \"stateDir\": $(json_str "$STATE_DIR"),"
    echo "  \"keyFile\": $(json_str "$KEY_FILE"),"
    echo "  \"knownHosts\": $(json_str "$KNOWN_HOSTS"),"
    echo "  \"inventory\": $(json_str "$STATE_DIR/inventory.yml"),"
    echo "  \"bridge\": { \"name\": \"$BRIDGE\", \"address\": \"$BRIDGE_ADDR\", \"cidr\": \"$SUBNET_PREFIX.0/24\" },"
    echo '  "users": {'
    echo '    "root": { "auth": "key", "sudo": "none" },'
    echo '    "alice": { "auth": "key", "sudo": "nopasswd" },'
    echo "    \"bob\": { \"auth\": \"key or password\", \"sudo\": \"password\", \"password\": \"$BOB_PASSWORD\" }"
    echo '  },'
    echo "  \"repoDirs\": { \"apt\": $(json_str "$STATE_DIR/repos/apt"), \"rpm\": $(json_str "$STATE_DIR/repos/rpm"), \"pacman\": $(json_str "$STATE_DIR/repos/pacman") },"
    echo '  "hosts": ['
    local objs=()
    for name in $(lab_hosts); do
      load_host "$name"
      sshd=$(cat "$HOSTS_DIR/$name/sshd.pid" 2>/dev/null || echo null)
      unshare=$(cat "$HOSTS_DIR/$name/unshare.pid" 2>/dev/null || echo null)
      objs+=("    { \"name\": \"$name\", \"kind\": \"$KIND\", \"address\": \"$ADDRESS\", \"port\": 22, \"netns\": \"$NETNS\", \"sshdPid\": $sshd, \"unsharePid\": $unshare, \"users\": [\"root\", \"alice\", \"bob\"], \"passwords\": { \"bob\": \"$BOB_PASSWORD\" }, \"keyFile\": $(json_str "$KEY_FILE"), \"knownHosts\": $(json_str "$KNOWN_HOSTS"), \"repoDir\": $(json_str "$REPO_KIND_DIR"), \"repoDirInHost\": $(json_str "$REPO_KIND_DIR_IN_HOST"), \"log\": $(json_str "$LOG_DIR/$name.log") }")
    done
    printf '%s\n' "${objs[@]/%/,}" | sed '$ s/,$//'
    echo '  ]'
    echo '}'
  } > "$out.tmp"
  mv "$out.tmp" "$out"
}
