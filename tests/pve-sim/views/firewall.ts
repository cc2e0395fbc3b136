// Firewall rules as pve-firewall lists them: every rule with its position, `enable` as 0/1, optional fields left
// out, and the same SHA-1 `digest` on every entry of one list (it is the digest of the whole file).

import { createHash } from 'node:crypto'

import type { GuestState } from '../model'
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
  if (guest.pool !== 'naorlo-prod') return []
  const groups = [
    'mgmt',
    ...(guest.tags.includes('web') ? ['web'] : []),
    ...(guest.tags.includes('db') ? ['db'] : []),
  ]
  return listOf(groups.map((g) => ({ type: 'group', action: g, enable: 1 })))
}
