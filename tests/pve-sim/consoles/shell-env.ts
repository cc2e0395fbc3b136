// What the simulated shell knows of the fleet: the node's guests for `qm list` and `pct list` (in the format
// of qemu-server and pve-container), `pveversion`, `uptime`, and who may log in: on a node the PAM users with
// their password (root with root@pam's), in a guest root with GUEST_ROOT_PASSWORD.

import { findUser } from '../access/config'
import { nodeUsage } from '../live'
import type { ClusterState, GuestState } from '../model'
import { findNode, majorOf, secondsSince } from '../model'
import type { NodeContext } from '../router'
import type { ConsoleSession } from './sessions'
import type { ShellEnv } from './shell'

const pad = (text: string | number, width: number): string => String(text).padEnd(width)
const padStart = (text: string | number, width: number): string => String(text).padStart(width)

const pidOf = (g: GuestState): string =>
  g.status === 'running' ? String(1000 + ((g.vmid * 7919) % 3_000_000)) : '0'

function qmList(guests: readonly GuestState[]): string[] {
  const header = `${padStart('VMID', 10)} ${pad('NAME', 20)} ${pad('STATUS', 10)} ${pad('MEM(MB)', 10)} ${padStart('BOOTDISK(GB)', 12)} ${pad('PID', 10)}`
  return [
    header,
    ...guests.map(
      (g) =>
        `${padStart(g.vmid, 10)} ${pad(g.name, 20)} ${pad(g.status, 10)} ${pad(Math.round(g.maxmem / 1024 ** 2), 10)} ${padStart((g.maxdisk / 1024 ** 3).toFixed(2), 12)} ${pad(pidOf(g), 10)}`,
    ),
  ]
}

function pctList(guests: readonly GuestState[]): string[] {
  return [
    `${pad('VMID', 10)} ${pad('Status', 10)} ${pad('Lock', 12)} ${pad('Name', 20)}`,
    ...guests.map(
      (g) => `${pad(g.vmid, 10)} ${pad(g.status, 10)} ${pad(g.lock ?? '', 12)} ${pad(g.name, 20)}`,
    ),
  ]
}

function uptimeLine(seconds: number, load: number, now: number): string {
  const clock = new Date(now).toISOString().slice(11, 19)
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const minutes = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')
  const l = load.toFixed(2)
  return ` ${clock} up ${days} days, ${String(hours).padStart(2)}:${minutes},  1 user,  load average: ${l}, ${l}, ${l}`
}

/** root's password inside every simulated guest (container console and VM serial getty). */
export const GUEST_ROOT_PASSWORD = 'pvedesk-demo'

const kernelOf = (cluster: ClusterState): string =>
  cluster.version.startsWith('9') ? '6.17.2-1-pve' : '6.8.12-9-pve'

/** A node's PAM login: `root` is root@pam, any other name a `<name>@pam` user of the cluster. */
function pamLogin(cluster: ClusterState, user: string, password: string): string | undefined {
  if (!/^[a-z_][a-z0-9_.-]*$/.test(user)) return undefined
  const entry = findUser(cluster.access, `${user}@pam`)
  return entry?.password !== undefined && entry.password === password ? user : undefined
}

export function shellEnv(
  ctx: NodeContext,
  session: ConsoleSession,
  write: (text: string) => void,
  close: () => void,
): ShellEnv {
  const { cluster } = ctx
  const { target } = session
  const now = (): number => ctx.services.clock.now()
  const onNode = (type: 'qemu' | 'lxc'): GuestState[] =>
    cluster.guests.filter((g) => g.node === target.node && g.type === type).sort((a, b) => a.vmid - b.vmid)
  const node = target.type === 'node'
  return {
    hostname: target.name,
    node,
    // PVE/API2/Nodes.pm `get_shell_command`: root@pam gets `login -f root`, anyone else (tokens included, even
    // root@pam's) `/bin/login`; a guest console is the guest's own getty.
    start: node ? (session.authid === 'root@pam' ? 'shell' : 'login') : 'getty',
    issue: `Debian GNU/Linux ${majorOf(cluster) >= 9 ? 13 : 12}`,
    tty: target.type === 'qemu' ? 'ttyS0' : 'tty1',
    checkLogin: (user, password) =>
      node
        ? pamLogin(cluster, user, password)
        : user === 'root' && password === GUEST_ROOT_PASSWORD
          ? 'root'
          : undefined,
    motd: node
      ? [
          `Linux ${target.name} ${kernelOf(cluster)} #1 SMP PREEMPT_DYNAMIC PMX x86_64`,
          '',
          'The programs included with the Debian GNU/Linux system are free software.',
        ]
      : [],
    qmList: () => qmList(onNode('qemu')),
    pctList: () => pctList(onNode('lxc')),
    pveversion: () =>
      `pve-manager/${cluster.version}/${cluster.repoid} (running kernel: ${kernelOf(cluster)})`,
    uptime: () => {
      const node = findNode(cluster, target.node)
      if (node === undefined) return uptimeLine(0, 0, now())
      if (target.type !== 'node') {
        const guest = cluster.guests.find((g) => g.vmid === target.vmid)
        return uptimeLine(
          guest === undefined ? 0 : secondsSince(guest.startedAt, now()),
          (guest?.cpu ?? 0) * 2,
          now(),
        )
      }
      return uptimeLine(secondsSince(node.bootedAt, now()), nodeUsage(cluster, node).cpu * node.maxcpu, now())
    },
    write,
    close,
  }
}
