// The /access lists as pve-access-control's API2 modules shape them: empty optional fields left out, booleans
// 0/1, privileges as a sorted comma list, and each list filtered to what the caller may see.

import type { AccessConfig, ApiToken, UserEntry } from '../access/config'
import { realmOf } from '../access/config'
import type { Permissions } from '../access/permissions'
import type { RoleSet } from '../access/privileges'
import type { Entry } from './resources'

const optional = (entry: Entry, key: string, value: string | undefined): void => {
  if (value !== undefined && value !== '') entry[key] = value
}

export const domainEntries = (config: AccessConfig): Entry[] =>
  config.realms.map((realm) => {
    const entry: Entry = { realm: realm.realm, type: realm.type }
    optional(entry, 'comment', realm.comment)
    optional(entry, 'tfa', realm.tfa)
    return entry
  })

const tokenEntry = (token: ApiToken): Entry => {
  const entry: Entry = { tokenid: token.name, expire: token.expire, privsep: token.privsep ? 1 : 0 }
  optional(entry, 'comment', token.comment)
  return entry
}

export const tokenEntries = (user: UserEntry): Entry[] => user.tokens.map(tokenEntry)

function userEntry(config: AccessConfig, user: UserEntry, full: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    userid: user.userid,
    enable: user.enable ? 1 : 0,
    expire: user.expire,
  }
  for (const key of ['firstname', 'lastname', 'email', 'comment'] as const) {
    const value = user[key]
    if (value !== undefined && value !== '') entry[key] = value
  }
  const realm = config.realms.find((r) => r.realm === realmOf(user.userid))
  if (realm !== undefined) entry['realm-type'] = realm.type
  if (full) {
    const groups = config.groups.filter((g) => g.members.includes(user.userid)).map((g) => g.groupid)
    if (groups.length > 0) entry.groups = groups.join(',')
    entry.tokens = user.tokens.map(tokenEntry)
  }
  return entry
}

/** Users the caller may administer or audit, and always the caller. */
export function userEntries(
  config: AccessConfig,
  perms: Permissions,
  authid: string,
  userid: string,
  opts: { enabled?: boolean; full: boolean },
): Record<string, unknown>[] {
  const canSee = (user: UserEntry): boolean => {
    if (user.userid === userid) return true
    const paths = [
      '/access/groups',
      ...config.groups
        .filter((g) => g.members.includes(user.userid))
        .map((g) => `/access/groups/${g.groupid}`),
    ]
    return paths.some((p) => perms.denial(authid, p, ['User.Modify', 'Sys.Audit'], true) === undefined)
  }
  return config.users
    .filter((u) => opts.enabled === undefined || u.enable === opts.enabled)
    .filter(canSee)
    .map((u) => userEntry(config, u, opts.full))
}

export function groupEntries(config: AccessConfig, perms: Permissions, authid: string): Entry[] {
  return config.groups
    .filter((g) => {
      const path = `/access/groups/${g.groupid}`
      return perms.denial(authid, path, ['User.Modify', 'Sys.Audit', 'Group.Allocate'], true) === undefined
    })
    .map((g) => {
      const entry: Entry = { groupid: g.groupid }
      optional(entry, 'comment', g.comment)
      entry.users = [...g.members].sort().join(',')
      return entry
    })
}

export function roleEntries(config: AccessConfig, roles: RoleSet): Entry[] {
  const builtin = [...roles.builtin].map(([roleid, privs]) => ({
    roleid,
    privs: privs.join(','),
    special: 1,
  }))
  const custom = Object.entries(config.roles).map(([roleid, privs]) => ({
    roleid,
    privs: [...privs].sort().join(','),
    special: 0,
  }))
  return [...builtin, ...custom]
}

/** ACL entries on paths where the caller may modify permissions, or all of them for an auditor of /access. */
export function aclEntries(config: AccessConfig, perms: Permissions, authid: string): Entry[] {
  const auditor = perms.has(authid, '/access', 'Sys.Audit')
  return config.acl
    .filter((e) => auditor || perms.has(authid, e.path, 'Permissions.Modify'))
    .map((e) => ({
      path: e.path,
      type: e.type,
      ugid: e.ugid,
      roleid: e.roleid,
      propagate: e.propagate ? 1 : 0,
    }))
}
