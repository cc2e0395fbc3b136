// POST /access/ticket (pve-access-control AccessControl.pm `create_ticket`): password login, renewal with a
// still-valid ticket, and the one opaque `authentication failure` for anything wrong.

import type { ClusterAuth } from './auth'
import type { Params, Reply } from './http'
import { apiError, ok } from './http'
import type { ClusterState } from './model'
import type { ParamSchema } from './params'

export const TICKET_PARAMS: ParamSchema = {
  username: { type: 'string' },
  password: { type: 'string' },
  realm: { type: 'string', optional: true },
  otp: { type: 'string', optional: true },
  path: { type: 'string', optional: true },
  privs: { type: 'string', optional: true },
  'tfa-challenge': { type: 'string', optional: true },
  'new-format': { type: 'boolean', optional: true },
}

const PERMISSIONS_MODIFY = 'Permissions.Modify'
// prettier-ignore
const VM_COMMON = [
  'VM.Allocate', 'VM.Audit', 'VM.Backup', 'VM.Clone', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Cloudinit',
  'VM.Config.Disk', 'VM.Config.HWType', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console',
  'VM.Migrate', 'VM.PowerMgmt', 'VM.Snapshot', 'VM.Snapshot.Rollback',
]
/** 9.x split VM.Monitor into the VM.GuestAgent.* privileges and added VM.Replicate. */
// prettier-ignore
const VM_V9 = [
  'VM.GuestAgent.Audit', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite',
  'VM.GuestAgent.Unrestricted', 'VM.Replicate',
]
const SYS_COMMON = ['Sys.Audit', 'Sys.Console', 'Sys.Incoming', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog']

const privMap = (privs: readonly string[]): Record<string, 1> => Object.fromEntries(privs.map((p) => [p, 1]))

/** root@pam's `cap`: every privilege under every ACL root (RPCEnvironment.pm `compute_api_permission`). */
export function rootCap(cluster: ClusterState): Record<string, Record<string, 1>> {
  const v9 = Number(cluster.version.split('.')[0]) >= 9
  const vms = v9 ? [...VM_COMMON, ...VM_V9] : [...VM_COMMON, 'VM.Monitor']
  const sys = v9 ? [...SYS_COMMON, 'Sys.AccessNetwork'] : SYS_COMMON
  const sdn = ['SDN.Allocate', 'SDN.Audit', 'SDN.Use']
  return {
    vms: privMap([...vms, PERMISSIONS_MODIFY]),
    storage: privMap([
      'Datastore.Allocate',
      'Datastore.AllocateSpace',
      'Datastore.AllocateTemplate',
      'Datastore.Audit',
      PERMISSIONS_MODIFY,
    ]),
    nodes: privMap([...sys, PERMISSIONS_MODIFY]),
    access: privMap(['Group.Allocate', 'User.Modify', PERMISSIONS_MODIFY]),
    sdn: privMap([...sdn, PERMISSIONS_MODIFY]),
    dc: privMap([...sdn, 'Sys.Audit']),
    mapping: privMap(['Mapping.Audit', 'Mapping.Modify', 'Mapping.Use', PERMISSIONS_MODIFY]),
  }
}

/** Verified parameters are strings, or numbers when they came in a JSON body. */
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : ''

/** `user@realm`, or a bare `user` completed with `realm`. */
function userIdOf(params: Params): string {
  const username = text(params.username)
  if (username.includes('@') || params.realm === undefined) return username
  return `${username}@${text(params.realm)}`
}

export const loginFailure = (): Reply => apiError(401, 'authentication failure\n')

/** Parameters were verified against TICKET_PARAMS by the router. */
export function createTicket(cluster: ClusterState, auth: ClusterAuth, params: Params, now: number): Reply {
  const userid = userIdOf(params)
  const password = text(params.password)
  const renewal = password.startsWith('PVE:') && auth.verifyTicket(password, now) === userid
  const passwordOk = userid === cluster.login.username && password === cluster.login.password
  if (!renewal && !passwordOk) return loginFailure()
  const cap = rootCap(cluster)
  // Verify mode (path + privs): the credentials are checked, no ticket is issued.
  if (params.path !== undefined) return ok({ username: userid, cap })
  const data: Record<string, unknown> = {
    username: userid,
    ticket: auth.issueTicket(userid, now),
    CSRFPreventionToken: auth.csrfToken(userid, now),
    cap,
  }
  if (cluster.clustered) data.clustername = cluster.name
  return ok(data)
}
