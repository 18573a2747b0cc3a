#!/bin/bash
# Give a freshly mounted host its identity: hostname, /etc/hosts, ssh host keys (fixed per name,
# from the cache) and the lab client key in the authorized_keys of root, alice and bob.
# Writes go to the host's overlay upper dir only. Usage: host-personalize.sh NAME ROOT
source "$(dirname "$0")/../lib/common.sh"
name=$1 root=$2
load_host "$name"

echo "$name" > "$root/etc/hostname"
cat > "$root/etc/hosts" <<HOSTS
127.0.0.1	localhost
127.0.1.1	$name
$ADDRESS	$name
::1	localhost ip6-localhost ip6-loopback
HOSTS

keys="$CACHE_DIR/hostkeys/$name"
for key in "$keys"/ssh_host_*_key; do
  install -m 600 "$key" "$root/etc/ssh/"
  install -m 644 "$key.pub" "$root/etc/ssh/"
done

for user in "${USERS_LIST[@]}"; do
  home=/root; [[ $user == root ]] || home=/home/$user
  install -d -m 700 "$root$home/.ssh"
  install -m 600 "$KEY_FILE.pub" "$root$home/.ssh/authorized_keys"
  chroot "$root" chown -R "$user:$user" "$home/.ssh"
done
