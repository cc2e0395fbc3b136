// What an inventory reads of a node besides its status: subscription (pve-manager API2/Subscription.pm `get`),
// package versions (API2/APT.pm `versions`), the journal (API2/Nodes.pm `syslog` over pve-common Tools.pm
// `dump_journal`), /etc/resolv.conf (`dns`) and the clock (`time`).

import { createHash } from 'node:crypto'

import type { ClusterState, NodeState } from '../model'
import { majorOf } from '../model'
import type { Json } from './guests'

const SHOP_URL = 'https://www.proxmox.com/en/proxmox-virtual-environment/pricing'

/** The first hardware address candidate proxmox-subscription derives: 32 upper-case hex digits. */
export const serverIdOf = (node: string): string =>
  createHash('md5').update(`server-id:${node}`).digest('hex').toUpperCase()

/** `cpuinfo.sockets` of /nodes/{node}/status. */
export const socketsOf = (node: NodeState): number => Math.max(1, node.maxcpu / 32)

/**
 * Without a key: `notfound` and the shop's URL (plus `serverid` with Sys.Audit). With one but no Sys.Audit on the
 * node: status, message and URL only; Perl hands an unset message on as `null`, as here. With Sys.Audit: what
 * /etc/subscription holds, with `serverid`, `sockets` and `url`.
 */
export function subscriptionInfo(node: NodeState, canAudit: boolean): Json {
  const sub = node.subscription
  if (sub.key === undefined) {
    const info: Json = { status: 'notfound', message: 'There is no subscription key', url: SHOP_URL }
    if (canAudit) info.serverid = serverIdOf(node.name)
    return info
  }
  if (!canAudit) return { status: sub.status, message: sub.message ?? null, url: SHOP_URL }
  const info: Json = { status: sub.status, key: sub.key }
  for (const field of ['level', 'productname', 'regdate', 'nextduedate', 'checktime', 'message'] as const) {
    const value = sub[field]
    if (value !== undefined) info[field] = value
  }
  info.serverid = serverIdOf(node.name)
  info.sockets = socketsOf(node)
  info.url = SHOP_URL
  return info
}

interface Package {
  name: string
  title: string
  section: string
  origin?: string
  priority?: string
  arch?: string
  /** Installed version per PVE major. */
  version: Readonly<Record<8 | 9, string>>
}

// prettier-ignore
const PACKAGES: readonly Package[] = [
  { name: 'proxmox-ve', title: 'Proxmox Virtual Environment', section: 'admin', arch: 'all', version: { 8: '8.4.0', 9: '9.1.0' } },
  { name: 'pve-manager', title: 'Proxmox Virtual Environment Management Tools', section: 'admin', version: { 8: '8.4.1', 9: '9.1.4' } },
  { name: 'ceph-fuse', title: 'FUSE-based client for the Ceph distributed file system', section: 'admin', origin: 'Debian', priority: 'optional', version: { 8: '17.2.8-pve2', 9: '19.2.3-pve2' } },
  { name: 'corosync', title: 'cluster engine daemon and utilities', section: 'admin', version: { 8: '3.1.9-pve1', 9: '3.1.9-pve2' } },
  { name: 'libpve-access-control', title: 'Proxmox VE access control library', section: 'perl', arch: 'all', version: { 8: '8.2.2', 9: '9.0.4' } },
  { name: 'libpve-cluster-perl', title: 'Proxmox Virtual Environment cluster Perl API modules.', section: 'perl', arch: 'all', version: { 8: '8.1.0', 9: '9.0.7' } },
  { name: 'libpve-common-perl', title: 'Proxmox VE base library', section: 'perl', arch: 'all', version: { 8: '8.3.1', 9: '9.1.1' } },
  { name: 'libpve-guest-common-perl', title: 'Proxmox VE common guest-related modules', section: 'perl', arch: 'all', version: { 8: '5.2.2', 9: '6.0.2' } },
  { name: 'libpve-storage-perl', title: 'Proxmox VE storage management library', section: 'perl', arch: 'all', version: { 8: '8.3.6', 9: '9.1.0' } },
  { name: 'lxc-pve', title: 'Linux containers userspace tools', section: 'admin', version: { 8: '6.0.0-1', 9: '6.0.5-3' } },
  { name: 'proxmox-backup-client', title: 'Proxmox Backup Client tools', section: 'admin', version: { 8: '3.4.1-1', 9: '4.1.0-1' } },
  { name: 'pve-cluster', title: '"pmxcfs" distributed cluster filesystem for Proxmox Virtual Environment.', section: 'admin', version: { 8: '8.1.0', 9: '9.0.7' } },
  { name: 'pve-container', title: 'Proxmox VE Container management tool', section: 'perl', arch: 'all', version: { 8: '5.2.6', 9: '6.0.18' } },
  { name: 'pve-firewall', title: 'Proxmox VE Firewall', section: 'admin', version: { 8: '5.1.1', 9: '6.0.4' } },
  { name: 'pve-ha-manager', title: 'Proxmox VE HA Manager', section: 'perl', version: { 8: '4.0.7', 9: '5.0.8' } },
  { name: 'pve-qemu-kvm', title: 'Full virtualization on x86 hardware', section: 'admin', version: { 8: '9.2.0-5', 9: '10.1.2-4' } },
  { name: 'qemu-server', title: 'Qemu Server Tools', section: 'admin', version: { 8: '8.3.12', 9: '9.1.2' } },
  { name: 'zfsutils-linux', title: 'command-line tools to manage OpenZFS filesystems', section: 'contrib/admin', version: { 8: '2.2.7-pve2', 9: '2.3.4-pve1' } },
]

const KERNEL: Readonly<Record<8 | 9, { pkg: string; running: string }>> = {
  8: { pkg: 'proxmox-kernel-6.8', running: '6.8.12-9-pve' },
  9: { pkg: 'proxmox-kernel-6.17', running: '6.17.2-1-pve' },
}

/** GET /nodes/{node}/apt/versions: proxmox-ve, pve-manager, the installed kernels, then the rest by name. */
export function packageVersions(cluster: ClusterState, node: NodeState): Json[] {
  const major = majorOf(cluster) >= 9 ? 9 : 8
  const kernel = KERNEL[major]
  const entry = (pkg: Package): Json => {
    const version =
      (pkg.name === 'pve-manager' ? node.managerVersion?.version : undefined) ??
      node.packageVersions?.[pkg.name] ??
      pkg.version[major]
    const info: Json = {
      Package: pkg.name,
      Title: pkg.title,
      Origin: pkg.origin ?? 'Proxmox',
      Description: `${pkg.title}.`,
      Section: pkg.section,
      Arch: pkg.arch ?? 'amd64',
      Priority: pkg.priority ?? 'optional',
      Version: version,
      OldVersion: version,
      CurrentState: 'Installed',
    }
    if (pkg.name === 'pve-manager') {
      const manager = node.managerVersion ?? { version: cluster.version, repoid: cluster.repoid }
      info.ManagerVersion = `pve-manager/${manager.version}/${manager.repoid}`
    }
    if (pkg.name === 'proxmox-ve') info.RunningKernel = node.packageVersions?.kernel ?? kernel.running
    return info
  }
  const [ve, manager, ...rest] = PACKAGES
  const kernelPackage: Package = {
    name: kernel.pkg,
    title: 'Latest Proxmox Kernel Image',
    section: 'admin',
    arch: 'all',
    version: { 8: '6.8.12-9', 9: '6.17.2-1' },
  }
  return [ve, manager, kernelPackage, ...rest].flatMap((pkg) => (pkg === undefined ? [] : [entry(pkg)]))
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')

/** `journalctl -o short`'s time stamp (the nodes run on UTC-like time zones). */
const shortStamp = (ms: number): string => {
  const d = new Date(ms)
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

interface JournalLine {
  at: number
  unit: string
  text: string
}

const JOURNAL_STEP_MS = 5 * 60_000
/** How far back the journal goes: two days (journald's vacuum on these nodes). */
const JOURNAL_SPAN_MS = 2 * 86_400_000

/** The node's journal over the last two days, oldest first, made from the clock (nothing is kept). */
function journal(node: NodeState, now: number): JournalLine[] {
  const lines: JournalLine[] = []
  const from = Math.max(node.bootedAt, now - JOURNAL_SPAN_MS)
  const first = Math.ceil(from / JOURNAL_STEP_MS) * JOURNAL_STEP_MS
  const pid = (base: number): number => base + ((node.nodeid * 97) % 900)
  for (let at = first, i = 0; at <= now; at += JOURNAL_STEP_MS, i++) {
    lines.push({
      at,
      unit: 'pvestatd',
      text: `pvestatd[${pid(1200)}]: status update time (0.${((i * 37) % 900) + 100} seconds)`,
    })
    if (i % 3 === 0)
      lines.push({
        at: at + 1_000,
        unit: 'pvedaemon',
        text: `pvedaemon[${pid(1800)}]: <root@pam> successful auth for user 'root@pam'`,
      })
    if (i % 4 === 1)
      lines.push({
        at: at + 2_000,
        unit: 'pveproxy',
        text: `pveproxy[${pid(2400)}]: worker ${pid(30000) + i} started`,
      })
    if (i % 12 === 0)
      lines.push({
        at: at + 17_000,
        unit: 'cron',
        text: `CRON[${pid(40000) + i}]: (root) CMD (test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r)`,
      })
    if (i % 6 === 2 && node.nodeid > 0)
      lines.push({
        at: at + 3_000,
        unit: 'corosync',
        text: `corosync[${pid(1100)}]:   [KNET  ] pmtud: Global data MTU changed to: 1397`,
      })
    if (i % 12 === 5)
      lines.push({
        at: at + 4_000,
        unit: 'pve-ha-lrm',
        text: `pve-ha-lrm[${pid(1500)}]: successfully acquired lock 'ha_agent_${node.name}_lock'`,
      })
  }
  return lines
}

/** `YYYY-MM-DD[ HH:MM[:SS]]` in the node's (UTC) time. */
const parseStamp = (text: string): number =>
  Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`)

/**
 * GET /nodes/{node}/syslog: lines `{n, t}` numbered from 1 after `start` lines skipped, `limit` lines (0 or unset:
 * 50), `total` = every line that matched; none: one `no content` line and total 1.
 */
export function syslogLines(
  node: NodeState,
  now: number,
  opts: { start?: number; limit?: number; since?: string; until?: string; service?: string },
): { lines: { n: number; t: string }[]; total: number } {
  const aliases: Record<string, string> = { postfix: 'postfix@-', sshd: 'ssh' }
  const unit =
    opts.service === undefined || opts.service === '' ? undefined : (aliases[opts.service] ?? opts.service)
  const since = opts.since === undefined ? -Infinity : parseStamp(opts.since)
  const until = opts.until === undefined ? Infinity : parseStamp(opts.until)
  const start = opts.start ?? 0
  let limit = opts.limit === undefined || opts.limit === 0 ? 50 : opts.limit
  const lines: { n: number; t: string }[] = []
  let count = 0
  for (const line of journal(node, now)) {
    if (line.at < since || line.at > until) continue
    if (unit !== undefined && line.unit !== unit.replace(/\.service$/, '')) continue
    if (count++ < start || limit <= 0) continue
    lines.push({ n: count, t: `${shortStamp(line.at)} ${node.name} ${line.text}` })
    limit--
  }
  if (count === 0) return { lines: [{ n: 1, t: 'no content' }], total: 1 }
  return { lines, total: count }
}

/** GET /nodes/{node}/dns: /etc/resolv.conf, keys left out when unset. */
export const dnsInfo = (node: NodeState): Json => ({ ...node.dns })

/** GET /nodes/{node}/time: `localtime` is the wall clock of the time zone read as if it were UTC. */
export function timeInfo(node: NodeState, now: number): Json {
  const time = Math.floor(now / 1000)
  return { timezone: node.timezone, time, localtime: time + zoneOffsetSeconds(node.timezone, now) }
}

function zoneOffsetSeconds(zone: string, now: number): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(now))
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
    const wall = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    )
    return Math.round((wall - Math.floor(now / 1000) * 1000) / 1000)
  } catch {
    return 0
  }
}
