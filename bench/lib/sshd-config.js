// The private sshd_config of one benchmark sshd (one sshd serves up to 16 addresses).

/** OpenSSH's compile-time limit on listen sockets per sshd (MAX_LISTEN_SOCKS). */
export const MAX_LISTEN_PER_SSHD = 16;

export function renderSshdConfig({ addresses, port, hostKeyPath, pidFile, authorizedKeysFile, home }) {
  return [
    ...addresses.map((a) => `ListenAddress ${a}:${port}`),
    `HostKey ${hostKeyPath}`,
    `PidFile ${pidFile}`,
    `AuthorizedKeysFile ${authorizedKeysFile}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'AuthenticationMethods publickey',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'UseDNS no',
    'StrictModes yes',
    // Many connections arrive at once: never drop or throttle unauthenticated ones.
    'MaxStartups 2000:30:4000',
    'MaxSessions 1000',
    // On a saturated 2-core machine a login can take minutes at N=1000.
    'LoginGraceTime 600',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AllowAgentForwarding no',
    'AllowTcpForwarding no',
    'PermitTTY yes',
    // Ansible copies its module files over SFTP.
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    // The hosts are this machine's root account, whose ~/.bashrc runs `pyenv init` (~0.3 s per command,
    // bash sources it for every ssh command). Point HOME at a clean directory so a "host" costs what a
    // fresh server costs; the login directory stays /root.
    `SetEnv HOME=${home}`,
    '',
  ].join('\n');
}
