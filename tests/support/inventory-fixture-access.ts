// Firewall, access and the console session record of a fixture inventory snapshot (see inventory-fixture.ts).

import type { ConsoleRecord } from '../../src/shared/model/console'
import type { InventoryCluster } from '../../src/shared/model/inventory-snapshot'

import type { ClusterPlan } from './inventory-fixture-parts'

export function firewall(): InventoryCluster['firewall'] {
  return {
    options: {
      enable: 1,
      policy_in: 'DROP',
      policy_out: 'ACCEPT',
      ebtables: 1,
      log_ratelimit: 'enable=1,burst=5,rate=1/second',
    },
    rules: [
      {
        pos: 0,
        type: 'in',
        action: 'ACCEPT',
        macro: 'SSH',
        source: '+management',
        enable: 1,
        comment: 'SSH from management',
      },
      { pos: 1, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '8006', source: '+management', enable: 1 },
      { pos: 2, type: 'group', action: 'webserver', enable: 1 },
      {
        pos: 3,
        type: 'in',
        action: 'DROP',
        source: '10.99.0.0/16',
        enable: 0,
        log: 'info',
        comment: 'quarantine',
      },
    ],
    groups: [
      {
        group: 'webserver',
        comment: 'HTTP(S) in',
        rules: [
          { pos: 0, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '80,443', enable: 1 },
          { pos: 1, type: 'in', action: 'ACCEPT', proto: 'icmp', enable: 1 },
        ],
      },
    ],
    aliases: [
      { name: 'monitoring', cidr: '10.0.5.10', comment: 'Zabbix proxy' },
      { name: 'bastion', cidr: '10.0.0.22' },
    ],
    ipsets: [
      {
        name: 'management',
        comment: 'NOC workstations',
        entries: [
          { cidr: '10.0.0.0/24', nomatch: 0, comment: 'NOC LAN' },
          { cidr: 'dc/bastion', nomatch: 0 },
          { cidr: '10.0.0.66', nomatch: 1, comment: 'guest Wi-Fi relay' },
        ],
      },
    ],
  }
}

export function access(plan: ClusterPlan): InventoryCluster['access'] {
  return {
    users: [
      {
        userid: 'root@pam',
        enable: 1,
        expire: 0,
        'realm-type': 'pam',
        email: 'root@example.net',
        tokens: [],
      },
      {
        userid: 'noc@pve',
        enable: 1,
        expire: 0,
        'realm-type': 'pve',
        firstname: 'Équipe',
        lastname: 'NOC',
        email: 'noc@example.net',
        groups: 'noc',
        tokens: [
          { tokenid: 'pvedesk', privsep: 1, expire: 0, comment: 'PVE Desk' },
          { tokenid: 'grafana', privsep: 1, expire: 1830000000 },
        ],
      },
      {
        userid: 'audit@pve',
        enable: 1,
        expire: 1830000000,
        'realm-type': 'pve',
        groups: 'auditors',
        tokens: [],
      },
      {
        userid: `j.dupont@${plan.prefix}-ad`,
        enable: 0,
        expire: 0,
        'realm-type': 'ad',
        firstname: 'Jérôme',
        lastname: 'Dupont',
        groups: 'admins',
        tokens: [],
      },
    ],
    groups: [
      { groupid: 'admins', comment: 'Administrators', users: `j.dupont@${plan.prefix}-ad` },
      { groupid: 'noc', comment: 'Network operations', users: 'noc@pve' },
      { groupid: 'auditors', users: 'audit@pve' },
    ],
    roles: [
      {
        roleid: 'Administrator',
        special: 1,
        privs: 'Sys.Audit,Sys.Modify,VM.Allocate,VM.Audit,VM.Console,VM.PowerMgmt',
      },
      { roleid: 'PVEAuditor', special: 1, privs: 'Datastore.Audit,Pool.Audit,SDN.Audit,Sys.Audit,VM.Audit' },
      { roleid: 'PVEVMUser', special: 1, privs: 'VM.Audit,VM.Backup,VM.Console,VM.PowerMgmt' },
      { roleid: 'NOC-Operator', special: 0, privs: 'Sys.Audit,VM.Audit,VM.Console,VM.PowerMgmt' },
    ],
    acl: [
      { path: '/', type: 'group', ugid: 'admins', roleid: 'Administrator', propagate: 1 },
      { path: '/', type: 'group', ugid: 'auditors', roleid: 'PVEAuditor', propagate: 1 },
      { path: '/', type: 'group', ugid: 'noc', roleid: 'NOC-Operator', propagate: 1 },
      { path: '/', type: 'token', ugid: 'noc@pve!pvedesk', roleid: 'NOC-Operator', propagate: 1 },
      { path: '/pool/prod', type: 'token', ugid: 'noc@pve!grafana', roleid: 'PVEAuditor', propagate: 0 },
      { path: '/vms/100', type: 'user', ugid: 'audit@pve', roleid: 'PVEVMUser', propagate: 1 },
    ],
    realms: [
      { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
      { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', default: 1 },
      { realm: `${plan.prefix}-ad`, type: 'ad', comment: 'Corporate AD', tfa: 'type=oath' },
    ],
  }
}

export function consoleSessions(clusters: readonly InventoryCluster[], now: number): ConsoleRecord[] {
  const records: ConsoleRecord[] = []
  for (const [i, cluster] of clusters.entries()) {
    const node = cluster.nodes[0]
    const guest = cluster.guests[0]
    if (node === undefined || guest === undefined) continue
    const at = (now - (i + 1) * 3600) * 1000
    records.push({
      consoleId: `c${i}a`,
      clusterId: cluster.id,
      clusterName: cluster.name,
      target: { type: guest.type, node: guest.node, vmid: guest.vmid },
      kind: guest.type === 'qemu' ? 'vnc' : 'terminal',
      guestName: guest.name,
      site: node.site,
      pveUser: 'noc@pve!pvedesk',
      localUser: 'noc',
      openedAt: at,
      connectedAt: at + 800,
      endedAt: at + 600_000,
      endReason: 'user',
    })
    records.push({
      consoleId: `c${i}b`,
      clusterId: cluster.id,
      clusterName: cluster.name,
      target: { type: 'node', node: node.node },
      kind: 'terminal',
      site: node.site,
      pveUser: 'root@pam',
      localUser: 'noc',
      openedAt: at - 7200_000,
      endedAt: at - 7100_000,
      endReason: 'failed',
      error: { code: 'forbidden', message: 'Permission check failed (/nodes, Sys.Console)' },
    })
  }
  return records.sort((a, b) => b.openedAt - a.openedAt)
}
