// A cluster's user.cfg, domains.cfg and priv/tfa.cfg as plain data: realms, users with their passwords and
// second factors, groups, custom roles, ACL entries and API tokens. Scenarios build it; permissions.ts reads it.

export type RealmType = 'pam' | 'pve' | 'ad' | 'ldap'

export interface Realm {
  realm: string
  type: RealmType
  comment?: string
  /** Realm-enforced TFA (`tfa` in /access/domains). */
  tfa?: 'oath' | 'yubico'
}

export interface RecoveryKeys {
  keys: readonly string[]
  /** One flag per key; a used key cannot be used again. */
  used: boolean[]
}

export interface ApiToken {
  /** The part after `!`. */
  name: string
  /** The UUID shown once at creation. */
  secret: string
  /** Privilege separation: the token only has what its own ACLs grant, intersected with its user's. */
  privsep: boolean
  /** Epoch seconds, 0 = never. */
  expire: number
  comment?: string
}

export interface UserEntry {
  /** `user@realm` */
  userid: string
  /** Undefined when the realm cannot check passwords here (a directory the simulator has no server for). */
  password?: string
  enable: boolean
  /** Epoch seconds, 0 = never. */
  expire: number
  firstname?: string
  lastname?: string
  email?: string
  comment?: string
  /** Base32 TOTP secret when the user has a TOTP entry. */
  totp?: string
  recovery?: RecoveryKeys
  tokens: ApiToken[]
}

export interface GroupEntry {
  groupid: string
  comment?: string
  members: readonly string[]
}

export interface AclEntry {
  path: string
  type: 'user' | 'group' | 'token'
  /** userid, group id or full token id. */
  ugid: string
  roleid: string
  propagate: boolean
}

export interface AccessConfig {
  realms: Realm[]
  users: UserEntry[]
  groups: GroupEntry[]
  /** Custom roles (the built-in ones come from privileges.ts). */
  roles: Record<string, readonly string[]>
  acl: AclEntry[]
}

/** `user@realm!token` → [userid, token name]; undefined for a plain userid. */
export function splitTokenId(authid: string): [string, string] | undefined {
  const match = /^([^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/.exec(authid)
  if (match?.[1] === undefined || match[2] === undefined) return undefined
  return [match[1], match[2]]
}

export const findUser = (config: AccessConfig, userid: string): UserEntry | undefined =>
  config.users.find((u) => u.userid === userid)

export function findToken(config: AccessConfig, tokenid: string): [UserEntry, ApiToken] | undefined {
  const split = splitTokenId(tokenid)
  if (split === undefined) return undefined
  const user = findUser(config, split[0])
  const token = user?.tokens.find((t) => t.name === split[1])
  return user === undefined || token === undefined ? undefined : [user, token]
}

/** Enabled and not expired (AccessControl.pm `check_user_enabled`). */
export const userEnabled = (user: UserEntry, nowSeconds: number): boolean =>
  user.enable && (user.expire === 0 || user.expire >= nowSeconds)

export const realmOf = (userid: string): string => userid.slice(userid.lastIndexOf('@') + 1)
