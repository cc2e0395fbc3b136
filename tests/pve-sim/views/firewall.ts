// Firewall rules as pve-firewall lists them: every rule with its position, `enable` as 0/1, optional fields left
// out, and the same SHA-1 `digest` on every entry of one list (it is the digest of the whole file).

import { createHash } from 'node:crypto'

import type { ClusterState, GuestState } from '../model'
import type { Json } from './guests'

type Rule = Record<string, string | number>

const GROUPS: Readonly<Record<string, { comment: string; rules: Rule[] }>> = {
  mgmt: {
    comment: 'SSH and monitoring from the NOC',
    rules: [
      { type: 'in', action: 'ACCEPT', macro: 'SSH', source: '10.10.0.0/24', enable: 1, log: 'nolog' },
      {
        type: 'in',
        action: 'ACCEPT',
        proto: 'tcp',
        dport: '10050',
        source: '10.10.0.0/24',
        enable: 1,
        comment: 'zabbix agent',
      },
      { type: 'in', action: 'ACCEPT', proto: 'icmp', 'icmp-type': 'echo-request', enable: 1 },
    ],
  },
  web: {
    comment: 'HTTP and HTTPS from anywhere',
    rules: [
      { type: 'in', action: 'ACCEPT', macro: 'HTTP', enable: 1 },
      { type: 'in', action: 'ACCEPT', macro: 'HTTPS', enable: 1 },
    ],
  },
  db: {
    comment: 'PostgreSQL from the application servers only',
    rules: [{ type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '5432', source: '+naorlo-app', enable: 1 }],
  },
}

const CLUSTER_RULES: Rule[] = [
  {
    type: 'in',
    action: 'ACCEPT',
    macro: 'SSH',
    source: '10.10.0.0/24',
    iface: 'vmbr0',
    enable: 1,
    comment: 'NOC jump hosts',
  },
  {
    type: 'in',
    action: 'ACCEPT',
    proto: 'tcp',
    dport: '8006',
    source: '10.10.0.0/24',
    enable: 1,
    comment: 'PVE API and GUI',
  },
  { type: 'in', action: 'DROP', enable: 0, log: 'info', comment: 'catch-all (disabled during migration)' },
]

function listOf(rules: readonly Rule[]): Json[] {
  const digest = createHash('sha1').update(JSON.stringify(rules)).digest('hex')
  return rules.map((rule, pos) => ({ pos, ...rule, digest }))
}

export function firewallGroups(): Json[] {
  return Object.entries(GROUPS).map(([group, { comment, rules }]) => ({
    group,
    comment,
    digest: createHash('sha1')
      .update(`${group}${JSON.stringify(rules)}`)
      .digest('hex'),
  }))
}

export const groupRules = (group: string): Json[] | undefined => {
  const found = GROUPS[group]
  return found === undefined ? undefined : listOf(found.rules)
}

export const clusterRules = (): Json[] => listOf(CLUSTER_RULES)

/** Production guests use the security groups; the others have no rules of their own. */
export function guestRules(guest: GuestState): Json[] {
  // Exposed guests (large scenario) filter their first NIC themselves, on top of the management group.
  if (guest.tags.includes('dmz') || guest.tags.includes('pci')) {
    return listOf([
      { type: 'group', action: 'mgmt', enable: 1 },
      { type: 'in', action: 'ACCEPT', macro: 'HTTPS', iface: 'net0', enable: 1, comment: 'public web' },
      { type: 'in', action: 'DROP', iface: 'net0', enable: 1, log: 'info' },
    ])
  }
  if (guest.pool !== 'naorlo-prod') return []
  const groups = [
    'mgmt',
    ...(guest.tags.includes('web') ? ['web'] : []),
    ...(guest.tags.includes('db') ? ['db'] : []),
  ]
  return listOf(groups.map((g) => ({ type: 'group', action: g, enable: 1 })))
}

const digestOf = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('hex')

/** GET /cluster/firewall/options: cluster.fw's [OPTIONS] plus the file's digest (`copy_opject_with_digest`). */
export const firewallOptions = (cluster: ClusterState): Json => ({
  ...cluster.firewall.options,
  digest: digestOf(cluster.firewall),
})

/** GET /cluster/firewall/aliases: sorted by name, each with the file's digest (Aliases.pm `aliases_to_list`). */
export function firewallAliases(cluster: ClusterState): Json[] {
  const digest = digestOf(cluster.firewall)
  return [...cluster.firewall.aliases]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((alias) => ({ ...alias, digest }))
}

/** GET /cluster/firewall/ipset: the IP sets by name, without their entries. */
export function firewallIpsets(cluster: ClusterState): Json[] {
  const digest = digestOf(cluster.firewall)
  return [...cluster.firewall.ipsets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((ipset) => {
      const entry: Json = { name: ipset.name, digest }
      if (ipset.comment !== undefined) entry.comment = ipset.comment
      return entry
    })
}

/** GET /cluster/firewall/ipset/{name}: its entries (`nomatch: 1` only when set), or undefined for no such set. */
export function ipsetEntries(cluster: ClusterState, name: string): Json[] | undefined {
  const ipset = cluster.firewall.ipsets.find((s) => s.name === name)
  if (ipset === undefined) return undefined
  const digest = digestOf(ipset.entries)
  return ipset.entries.map((e) => {
    const entry: Json = { cidr: e.cidr }
    if (e.comment !== undefined) entry.comment = e.comment
    if (e.nomatch === true) entry.nomatch = 1
    entry.digest = digest
    return entry
  })
}

/**
 * GET …/{qemu|lxc}/{vmid}/firewall/options: the [OPTIONS] of /etc/pve/firewall/<vmid>.fw and the file's digest
 * (pve-firewall API2/Firewall/VM.pm `get_options` → `copy_opject_with_digest`). Guests whose NICs the security
 * groups protect have the firewall on with a DROP input policy; the others have no file: the digest of nothing.
 */
export function guestFirewallOptions(guest: GuestState): Json {
  const exposed = guest.tags.includes('dmz') || guest.tags.includes('pci')
  if (guest.pool !== 'naorlo-prod' && !exposed) return { digest: createHash('sha1').update('').digest('hex') }
  const options: Json = { enable: 1, policy_in: 'DROP', log_level_in: 'nolog', macfilter: 1 }
  if (guest.type === 'lxc' || exposed) options.ipfilter = 1
  return { ...options, digest: digestOf({ vmid: guest.vmid, options }) }
}
