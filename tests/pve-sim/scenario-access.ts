// Who may do what on the three-sites fleet (user.cfg, domains.cfg, tfa.cfg of each cluster):
// - root@pam: everything;
// - noc@pve (group `noc`, role NOCOperator on /): power, consoles and audit, no configuration changes; PVEVMUser
//   on the test pool (backups of test copies), PVEDatastoreUser on the PBS storage, and only PVEAuditor on the
//   domain controller win-ad01 (a user ACL on /vms/120 beats the group ACL from /);
// - auditor@pve: PVEAuditor on /;
// - secure@pve: PVEAdmin on /, behind TOTP (plus recovery keys);
// - naorlo@pve: the NA&ORLO application team, PVEVMUser on its two pools only: it sees nothing else, not even
//   the cluster's name or the nodes' figures;
// - oncall@pve (group `noc` too): the night on-call, whose ACLs show what the map of /access/permissions does not
//   say by itself: a user ACL PVEAuditor on / beats the group's NOCOperator on the same path (audit only);
//   GuestPower (VM.Audit, VM.PowerMgmt) on /vms/101 without propagation, so PVE lists `"VM.PowerMgmt": 0` there and
//   accepts a reboot of 101; NoAccess on /vms/120 below the propagating PVEAuditor of /; the group's PVEVMUser on
//   the test pool still reaches the test copies (no user ACL on that path);
// - the token noc@pve!desk (privilege separation): PVEAuditor on / and NOCOperator on /vms, intersected with
//   what noc@pve has: it may power guests but has no node shell.
// Plus an Active Directory realm `ace` whose server the simulator does not have: its users cannot log in.

import type { AccessConfig, AclEntry, UserEntry } from './access/config'
import { newRecoveryKeys, newTotpSecret, newUuid } from './access/tfa'
import type { Prng } from './prng'

export const ROOT_PASSWORD = 'pvedesk-demo'

/** What an operator on duty may do: look, power guests and open consoles (guest and node), nothing else. */
// prettier-ignore
const NOC_OPERATOR = [
  'Datastore.Audit', 'Pool.Audit', 'SDN.Audit', 'Sys.Audit', 'Sys.Console', 'VM.Audit', 'VM.Console', 'VM.PowerMgmt',
]

export interface AccessScope {
  pools: readonly string[]
  vmids: readonly number[]
  storages: readonly string[]
}

/** May reboot one guest: granted on its path only, without propagation. */
const GUEST_POWER = ['VM.Audit', 'VM.PowerMgmt']

function acl(path: string, type: AclEntry['type'], ugid: string, roleid: string, propagate = true): AclEntry {
  return { path, type, ugid, roleid, propagate }
}

/** Keeps the ACL entries whose object exists in this cluster (pools, guests, storages differ per site). */
function applies(entry: AclEntry, scope: AccessScope): boolean {
  const [, kind, id] = entry.path.split('/')
  if (kind === 'pool') return scope.pools.includes(id ?? '')
  if (kind === 'vms' && id !== undefined) return scope.vmids.includes(Number(id))
  if (kind === 'storage' && id !== undefined) return scope.storages.includes(id)
  return true
}

/** Secrets (token UUIDs, TOTP secrets, recovery keys) come from `secrets` so that one seed replays them. */
export function buildThreeSitesAccess(secrets: Prng, scope: AccessScope): AccessConfig {
  const users: UserEntry[] = [
    {
      userid: 'root@pam',
      password: ROOT_PASSWORD,
      enable: true,
      expire: 0,
      email: 'root@ace.ci',
      tokens: [],
    },
    {
      userid: 'noc@pve',
      password: 'noc-demo',
      enable: true,
      expire: 0,
      firstname: 'NOC',
      lastname: 'Operator',
      email: 'noc@ace.ci',
      comment: 'NOC on duty',
      tokens: [{ name: 'desk', secret: newUuid(secrets), privsep: true, expire: 0, comment: 'PVE Desk' }],
    },
    {
      userid: 'auditor@pve',
      password: 'auditor-demo',
      enable: true,
      expire: 0,
      comment: 'External auditor',
      tokens: [],
    },
    {
      userid: 'naorlo@pve',
      password: 'naorlo-demo',
      enable: true,
      expire: 0,
      comment: 'NA&ORLO application team',
      tokens: [],
    },
    {
      userid: 'secure@pve',
      password: 'secure-demo',
      enable: true,
      expire: 0,
      comment: 'Administrator with TOTP',
      totp: newTotpSecret(secrets),
      recovery: newRecoveryKeys(secrets),
      tokens: [],
    },
    {
      userid: 'oncall@pve',
      password: 'oncall-demo',
      enable: true,
      expire: 0,
      comment: 'Night on-call: looks everywhere, reboots 101',
      tokens: [],
    },
  ]
  const entries = [
    acl('/', 'group', 'noc', 'NOCOperator'),
    acl('/pool/naorlo-test', 'group', 'noc', 'PVEVMUser'),
    acl('/storage/pbs-yakro', 'group', 'noc', 'PVEDatastoreUser'),
    acl('/vms/120', 'user', 'noc@pve', 'PVEAuditor'),
    acl('/', 'user', 'auditor@pve', 'PVEAuditor'),
    acl('/', 'user', 'secure@pve', 'PVEAdmin'),
    acl('/pool/naorlo-prod', 'user', 'naorlo@pve', 'PVEVMUser'),
    acl('/pool/naorlo-test', 'user', 'naorlo@pve', 'PVEVMUser'),
    acl('/', 'user', 'oncall@pve', 'PVEAuditor'),
    acl('/vms/101', 'user', 'oncall@pve', 'GuestPower', false),
    acl('/vms/120', 'user', 'oncall@pve', 'NoAccess'),
    acl('/', 'token', 'noc@pve!desk', 'PVEAuditor'),
    acl('/vms', 'token', 'noc@pve!desk', 'NOCOperator'),
  ]
  return {
    realms: [
      { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
      { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
      { realm: 'ace', type: 'ad', comment: 'ACE Active Directory' },
    ],
    users,
    groups: [{ groupid: 'noc', comment: 'NOC operators', members: ['noc@pve', 'oncall@pve'] }],
    roles: { NOCOperator: NOC_OPERATOR, GuestPower: GUEST_POWER },
    acl: entries.filter((e) => applies(e, scope)),
  }
}
