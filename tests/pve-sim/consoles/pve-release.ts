// What a console runs, and whom it lets in, by Proxmox VE release. The simulated clusters report a pve-manager
// version (9.1.4, 8.4.1); the console code lives in several packages released on their own, so each rule below
// names the commit that changed it and the pve-manager release that first shipped with it.
//
// API tokens and consoles:
// - node termproxy and node vncwebsocket: pve-manager 49395b74 "api: termproxy/vncwebsocket: allow tokens"
//   (9.0.13, with libpve-access-control 9.0.4 fc367b3 `POST /access/vncticket` and proxmox-termproxy 2.0.3
//   213ebe7 `--vncticket-endpoint`). Before it both handlers ran `verify_username($rpcenv->get_user())`, which
//   dies on a token id (PVE/Auth/Plugin.pm `verify_username`: a realm cannot contain `!`);
// - node vncshell: still `verify_username` at pve-manager HEAD: never with a token;
// - guest termproxy: termproxy checks the `user:ticket` line by a POST to pvedaemon; without
//   `--vncticket-endpoint` that is `/access/ticket` with `username=<token id>`, whose `check_user_enabled` fails,
//   so termproxy closes without `OK`. qemu-server c9ee34b5 (9.1.7) and pve-container 45d994c (6.1.3) added the
//   flag, both released on 2026-04-21 together with pve-manager 9.1.9;
// - guest vncproxy and vncwebsocket: `$rpcenv->get_user()` only and VNC authentication with the generated
//   password: tokens work since tokens exist (pve-http-server 362dd8e, 3.0-4; pve-manager 84811327, 6.1-6).

import type { ClusterState } from '../model'
import type { ConsoleTarget } from './sessions'

/** `9.1.4` ≥ `9.0.13`, numerically part by part. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = version.split(/[.-]/).map(Number)
  const need = minimum.split(/[.-]/).map(Number)
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const a = have[i] ?? 0
    const b = need[i] ?? 0
    if (a !== b) return a > b
  }
  return true
}

export const isTokenId = (authid: string): boolean => authid.includes('!')

/** Node termproxy and vncwebsocket take a token id since pve-manager 9.0.13. */
export const nodeConsoleTakesTokens = (cluster: ClusterState): boolean =>
  versionAtLeast(cluster.version, '9.0.13')

/** Guest termproxy lets a token's ticket line in since qemu-server 9.1.7 / pve-container 6.1.3 (PVE 9.1.9). */
export const guestTermproxyTakesTokens = (cluster: ClusterState): boolean =>
  versionAtLeast(cluster.version, '9.1.9')

/** PVE/Auth/Plugin.pm `verify_username` on a token id: a plain die, hence a 500. */
export const notAUserName = (authid: string): string =>
  `value '${authid}' does not look like a valid user name\n`

/** What PVE starts for a node shell (PVE/API2/Nodes.pm `get_shell_command`). */
export const shellCommand = (authid: string): string =>
  // Non-root must always log in: PVE has no superuser role.
  authid === 'root@pam' ? '/bin/login -f root' : '/bin/login'

/**
 * The termproxy command line of the worker, as `run_command` quotes it in `command '…' failed: exit code 1`
 * (PVE/API2/Nodes.pm, qemu-server API2/Qemu.pm, pve-container API2/LXC.pm `termproxy`, in the releases the
 * simulator models: the node gets `--vncticket-endpoint` from 9.0.13; `--verify-port`/`--ticket-fd` came later).
 */
export function termproxyCommand(
  cluster: ClusterState,
  target: ConsoleTarget,
  port: number,
  authid: string,
): string {
  if (target.vmid === undefined) {
    const flag = nodeConsoleTakesTokens(cluster) ? ' --vncticket-endpoint' : ''
    return `/usr/bin/termproxy ${port} --path /nodes/${target.name} --perm Sys.Console${flag} -- ${shellCommand(authid)}`
  }
  const head = `/usr/bin/termproxy ${port} --path /vms/${target.vmid} --perm VM.Console`
  const vmid = target.vmid
  return target.type === 'qemu'
    ? `${head} -- /usr/sbin/qm terminal ${vmid} -escape 0`
    : // pve-container LXC.pm `get_console_command` for the default cmode `tty`, escape disabled (-1).
      `${head} -- /usr/bin/dtach -A /var/run/dtach/vzctlconsole${vmid} -r winch -z lxc-console -n ${vmid} -e -1`
}

/** termproxy exits 1 on every error, the end of its program included (pty read fails with EIO). */
export const termproxyFailed = (command: string): string => `command '${command}' failed: exit code 1`
