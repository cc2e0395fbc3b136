// What an audit finds on the fleets besides guests and jobs: pending changes, cloud-init settings (with their
// secrets as qemu-server stores them), guest snapshots, subscriptions per node, DNS, time zones, lagging package
// versions, an expiring certificate, the cluster firewall (options, aliases, IP sets) and HA groups or rules.

import { createHash } from 'node:crypto'

import type { CloudInit, ClusterState, FirewallState, GuestState, HaRule, NodeState } from './model'
import { findGuest, majorOf } from './model'
import { socketsOf } from './views/node-facts'

const DAY_S = 86_400

/** PVE keeps sshkeys URI-escaped: everything but A-Z a-z 0-9 - . _ ~ as %XX (URI::Escape `uri_escape`). */
export const uriEscape = (text: string): string =>
  Array.from(Buffer.from(text, 'utf8'))
    .map((byte) => {
      const char = String.fromCharCode(byte)
      return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')

const sha = (text: string): Buffer => createHash('sha256').update(text).digest()

/** An OpenSSH ed25519 public key line whose blob is well formed (so that its SHA256 fingerprint can be taken). */
export function ed25519PublicKey(comment: string): string {
  const name = Buffer.from('ssh-ed25519')
  const length = (n: number): Buffer => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    return b
  }
  const blob = Buffer.concat([length(name.length), name, length(32), sha(`ed25519:${comment}`)])
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`
}

const CRYPT64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const crypt64 = (bytes: Buffer, length: number): string =>
  Array.from(bytes.subarray(0, length), (b) => CRYPT64[b % 64] ?? '.').join('')

/** What PVE::Tools::encrypt_pw leaves in the config: a SHA-256 crypt(3) string (`$5$<salt>$<hash>`). */
export function shaCrypt(password: string, salt: string): string {
  const digest = Buffer.concat([sha(`${salt}:${password}`), sha(`${password}:${salt}`)])
  return `$5$${crypt64(sha(salt), 16)}$${crypt64(digest, 43)}`
}

const KEYS = {
  noc: ed25519PublicKey('noc@ace-jump01'),
  deploy: ed25519PublicKey('ansible@ace-deploy'),
  dr: ed25519PublicKey('dr-operator@yakro'),
}

/** The large scenario gives thousands of VMs the same keys: escape each set once. */
const ESCAPED = new Map<string, string>()

function cloudInit(
  ciuser: string,
  password: string | undefined,
  keys: readonly string[],
  ipconfig0: string,
  windows = false,
): CloudInit {
  const ci: CloudInit = { ciuser, ipconfig0 }
  // Windows ostypes keep the password as typed (cloudbase-init wants it so); the others get it hashed.
  if (password !== undefined)
    ci.cipassword = windows ? password : shaCrypt(password, `${ciuser}:${ipconfig0}`)
  if (keys.length > 0) {
    const text = `${keys.join('\n')}\n`
    let escaped = ESCAPED.get(text)
    if (escaped === undefined) {
      escaped = uriEscape(text)
      ESCAPED.set(text, escaped)
    }
    ci.sshkeys = escaped
  }
  return ci
}

const withGuest = (cluster: ClusterState, vmid: number, fn: (guest: GuestState) => void): void => {
  const guest = findGuest(cluster, vmid)
  if (guest !== undefined) fn(guest)
}

const withNode = (cluster: ClusterState, name: string, fn: (node: NodeState) => void): void => {
  const node = cluster.nodes.find((n) => n.name === name)
  if (node !== undefined) fn(node)
}

const LEVELS = { c: 'Community', b: 'Basic', s: 'Standard', p: 'Premium' } as const

/** An active (or expired) subscription: `pve<sockets><level>-<10 hex>`, a year from regdate. */
function subscribe(
  node: NodeState,
  level: keyof typeof LEVELS,
  regdate: string,
  nowS: number,
  status: 'active' | 'expired' = 'active',
): void {
  const sockets = socketsOf(node)
  const serial = sha(`subscription:${node.name}`).toString('hex').slice(0, 10)
  const due = new Date(`${regdate}T00:00:00Z`)
  due.setUTCFullYear(due.getUTCFullYear() + 1)
  node.subscription = {
    status,
    key: `pve${sockets}${level}-${serial}`,
    level,
    productname: `Proxmox VE ${LEVELS[level]} Subscription ${sockets} CPU${sockets > 1 ? 's' : ''}/year`,
    regdate: `${regdate} 00:00:00`,
    nextduedate: due.toISOString().slice(0, 10),
    checktime: nowS - 3 * 3600,
  }
  if (status === 'expired') node.subscription.message = 'subscription set to expired'
}

/** A regdate `days` before now, as YYYY-MM-DD. */
const daysAgo = (nowS: number, days: number): string =>
  new Date((nowS - days * DAY_S) * 1000).toISOString().slice(0, 10)

function firewallOf(site: string, management: string, enabled: boolean): FirewallState {
  return {
    options: enabled
      ? {
          enable: 1,
          policy_in: 'DROP',
          policy_out: 'ACCEPT',
          log_ratelimit: 'enable=1,burst=5,rate=1/second',
          ebtables: 1,
        }
      : { enable: 0 },
    aliases: [
      { name: 'noc-net', cidr: '10.10.0.0/24', comment: 'NOC workstations and jump hosts' },
      { name: 'monitoring', cidr: '10.10.0.113', comment: 'zabbix proxy' },
      { name: 'pbs-yakro', cidr: '10.30.0.20', comment: 'Proxmox Backup Server (DR site)' },
      { name: `${site}-mgmt`, cidr: management },
    ],
    ipsets: [
      {
        name: 'management',
        comment: 'may reach the PVE API and SSH',
        entries: [
          { cidr: 'dc/noc-net' },
          { cidr: management, comment: `${site} management network` },
          { cidr: '10.10.0.66', comment: 'old jump host, decommissioned', nomatch: true },
        ],
      },
      {
        name: 'naorlo-app',
        comment: 'NA&ORLO application servers',
        entries: [
          { cidr: '10.100.0.105', comment: 'naorlo-app01' },
          { cidr: '10.100.0.106', comment: 'naorlo-app02' },
        ],
      },
      { name: 'blocklist', entries: [{ cidr: '203.0.113.0/24', comment: 'TEST-NET-3 scanner' }] },
    ],
  }
}

/** three-sites: pending changes, cloud-init, subscriptions, DNS, time, packages, firewall and HA rules. */
export function plantThreeSites(ace: ClusterState, yakro: ClusterState, now: number): void {
  const nowS = Math.floor(now / 1000)
  // Running guests whose changes wait for their next start: what cannot be hot-plugged (the default hotplug
  // list is network, disk, usb; containers take cores and memory live but not features).
  withGuest(ace, 104, (g) => {
    g.pending = { memory: '32768', cores: 12 }
  })
  withGuest(ace, 203, (g) => {
    g.pending = { cpu: 'host' }
    g.pendingDelete = ['ide2']
  })
  withGuest(ace, 113, (g) => {
    g.pending = { features: 'nesting=1,keyctl=1' }
  })
  withGuest(yakro, 102, (g) => {
    g.pendingDelete = ['features']
  })
  // Cloud-init: the test copies were cloned from the template, which carries the keys but no password.
  withGuest(ace, 900, (g) => {
    g.cloudinit = cloudInit('debian', undefined, [KEYS.deploy], 'ip=dhcp')
  })
  for (const vmid of [201, 202, 203, 204]) {
    withGuest(ace, vmid, (g) => {
      g.cloudinit = cloudInit(
        'naorlo',
        'Naorlo-Test-2026!',
        [KEYS.deploy, KEYS.noc],
        `ip=10.10.2.${vmid - 180}/24,gw=10.10.2.1`,
      )
      g.cloudinit.nameserver = '10.10.0.53'
      g.cloudinit.searchdomain = 'ace.ci'
    })
  }
  withGuest(ace, 210, (g) => {
    g.cloudinit = cloudInit('sandbox', 'sandbox-pw-1', [], 'ip=dhcp')
  })
  withGuest(ace, 120, (g) => {
    g.cloudinit = cloudInit('Administrator', 'W1n-Ad01-Ace!', [], 'ip=10.10.0.120/24,gw=10.10.0.1', true)
  })
  for (const vmid of [110, 111]) {
    withGuest(yakro, vmid, (g) => {
      g.cloudinit = cloudInit('dr', 'Yakro-DR-2026', [KEYS.dr], `ip=10.30.0.${vmid}/24,gw=10.30.0.1`)
    })
  }
  withGuest(yakro, 110, (g) => {
    g.snapshots = [
      {
        name: 'before_dr_test',
        description: 'Quarterly DR test',
        snaptime: nowS - 12 * DAY_S,
        vmstate: false,
      },
    ]
    g.parent = 'before_dr_test'
  })
  withNode(ace, 'km4-pve1', (n) => {
    subscribe(n, 'p', daysAgo(nowS, 200), nowS)
  })
  withNode(ace, 'km4-pve2', (n) => {
    subscribe(n, 'p', daysAgo(nowS, 200), nowS)
    n.timezone = 'Etc/UTC'
  })
  withNode(ace, 'vitib-pve1', (n) => {
    subscribe(n, 's', daysAgo(nowS, 400), nowS, 'expired')
    n.certificateDays = 21
    n.packageVersions = { 'qemu-server': '9.1.1', 'pve-qemu-kvm': '10.1.2-1', kernel: '6.14.11-4-pve' }
  })
  for (const node of ace.nodes) {
    node.dns =
      node.site === 'VITIB'
        ? { search: 'ace.ci', dns1: '10.20.0.53', dns2: '10.10.0.53' }
        : { search: 'ace.ci', dns1: '10.10.0.53', dns2: '10.20.0.53' }
  }
  for (const node of yakro.nodes)
    node.dns = { search: 'dr.ace.ci', dns1: '10.30.0.53', dns2: '10.10.0.53', dns3: '1.1.1.1' }
  ace.firewall = firewallOf('km4', '10.10.0.0/24', true)
  yakro.firewall = firewallOf('yakro', '10.30.0.0/24', false)
  ace.haRules = [
    {
      rule: 'naorlo-prod-on-km4',
      type: 'node-affinity',
      resources: ['vm:101', 'vm:102', 'vm:103', 'vm:104', 'vm:105'],
      nodes: ['km4-pve1:2', 'km4-pve2:1'],
      comment: 'production stays at Km4',
    },
    {
      rule: 'naorlo-web-apart',
      type: 'resource-affinity',
      resources: ['vm:101', 'vm:102'],
      affinity: 'negative',
    },
    {
      rule: 'naorlo-app-apart',
      type: 'resource-affinity',
      resources: ['vm:103', 'vm:104'],
      affinity: 'negative',
    },
    {
      rule: 'db-on-big-node',
      type: 'node-affinity',
      resources: ['vm:105'],
      nodes: ['km4-pve1'],
      strict: true,
      disable: true,
      comment: 'disabled while km4-pve2 is upgraded',
    },
  ]
}

/** large: the same kinds of content, on a share of the guests (decided from the vmid, so nothing is stored). */
export function plantLarge(cluster: ClusterState, index: number, now: number): void {
  const nowS = Math.floor(now / 1000)
  const v9 = majorOf(cluster) >= 9
  for (const guest of cluster.guests) {
    const v = guest.vmid
    if (guest.type === 'qemu' && !guest.template) guest.agent = v % 5 < 2
    if (guest.status === 'running' && v % 97 === 5) {
      const memory = Math.round(guest.maxmem / 2 ** 20) * 2
      guest.pending = guest.type === 'qemu' ? { memory: String(memory) } : { features: 'nesting=1,fuse=1' }
    }
    if (guest.type === 'qemu' && v % 10 === 3) {
      guest.cloudinit = cloudInit(
        'ops',
        v % 20 === 3 ? `${cluster.id}-ops-${v}` : undefined,
        [KEYS.deploy],
        'ip=dhcp',
      )
    }
    if (v % 50 === 7 && !guest.template) {
      guest.snapshots = [
        {
          name: 'baseline',
          description: 'after provisioning',
          snaptime: nowS - (30 + (v % 60)) * DAY_S,
          vmstate: false,
        },
      ]
      if (v % 100 === 7) {
        guest.snapshots.push({
          name: 'pre_patch',
          description: '',
          snaptime: nowS - (v % 9) * DAY_S - 3600,
          vmstate: guest.type === 'qemu',
          parent: 'baseline',
        })
      }
      guest.parent = guest.snapshots.at(-1)?.name
    }
  }
  const domain = `${cluster.id}.ace.ci`
  cluster.nodes.forEach((node, i) => {
    node.dns = { search: domain, dns1: `10.${40 + index}.0.53`, dns2: '10.10.0.53' }
    const regdate = daysAgo(nowS, 100 + index * 40)
    if (cluster.id === 'abj-prod') subscribe(node, 's', regdate, nowS)
    else if (cluster.id === 'bke-prod')
      subscribe(node, 'b', regdate, nowS, i === cluster.nodes.length - 1 ? 'expired' : 'active')
    else if (cluster.id === 'yam-dr') subscribe(node, 'c', regdate, nowS)
    // abj-dev and spd-edge run without a subscription.
    if (i === 3)
      node.packageVersions = {
        'pve-qemu-kvm': v9 ? '10.1.2-1' : '9.2.0-2',
        kernel: v9 ? '6.14.11-4-pve' : '6.8.12-4-pve',
      }
  })
  withNode(cluster, cluster.nodes[6]?.name ?? '', (n) => {
    if (cluster.id === 'abj-prod') n.certificateDays = 12
  })
  cluster.firewall = firewallOf(cluster.id, `10.${40 + index}.0.0/24`, index !== 1)
  const ha = cluster.guests.filter((g) => g.ha).map((g) => `vm:${g.vmid}`)
  const names = cluster.nodes.map((n) => n.name)
  if (v9) {
    const rules: HaRule[] = []
    if (ha.length > 0) {
      rules.push({
        rule: 'prod-preferred',
        type: 'node-affinity',
        resources: ha,
        nodes: names.slice(0, 4).map((n, i) => (i < 2 ? `${n}:2` : n)),
      })
    }
    if (ha.length > 1)
      rules.push({
        rule: 'prod-pair-apart',
        type: 'resource-affinity',
        resources: ha.slice(0, 2),
        affinity: 'negative',
      })
    cluster.haRules = rules
  } else {
    cluster.haGroups = [
      {
        group: 'prod-preferred',
        nodes: names
          .slice(0, 4)
          .map((n, i) => (i < 2 ? `${n}:2` : n))
          .join(','),
        comment: 'first rack',
      },
      { group: 'prod-strict', nodes: names.slice(4).join(','), restricted: true, nofailback: true },
    ]
  }
}
