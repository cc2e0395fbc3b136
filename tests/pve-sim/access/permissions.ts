// Permission computation as pve-access-control does it (src/PVE/AccessControl.pm `roles`, src/PVE/RPCEnvironment.pm
// `compile_acl_path`, `permissions`, `compute_api_permission`, `get_effective_permissions`):
// - walk the path from `/` down; at each level token ACLs beat user ACLs, which beat group ACLs, and a level
//   with matching entries replaces what the levels above gave; above the last level only propagating entries
//   count (so a user's non-propagating ACL hides nothing below it, not even the group ACLs of its own level);
//   NoAccess wins over every other role of the same level and, propagated, over everything below;
// - root@pam has every privilege everywhere;
// - a privilege-separated token has the intersection of its own privileges and its user's, flags and-ed; a token
//   without privilege separation has its user's privileges and its own ACLs count for nothing;
// - a guest in a pool also gets what the pool's ACLs grant, never propagated.
// Not simulated: storages as pool members (`/storage/<id>` of a pool gets the pool's roles in PVE too).

import type { AccessConfig } from './config'
import { findToken, splitTokenId } from './config'
import type { RoleSet } from './privileges'
import { NO_ACCESS } from './privileges'

/** privilege → propagate flag */
export type PrivMap = ReadonlyMap<string, boolean>

export const ROOT = 'root@pam'

/** The cap sections of the ticket response and which privileges each one collects. */
function capSections(major: number): Readonly<Record<string, RegExp>> {
  return {
    vms: /^(VM\.|Permissions\.Modify$)/,
    access: /^((User|Group)\.|Permissions\.Modify$)/,
    storage: /^(Datastore\.|Permissions\.Modify$)/,
    nodes: /^(Sys\.|Permissions\.Modify$)/,
    sdn: /^(SDN\.|Permissions\.Modify$)/,
    // Real PVE 7/8 root tickets show only Sys.Audit and SDN under dc; the PVE 9 code also collects Sys.Modify.
    dc: major >= 9 ? /^(Sys\.Audit$|Sys\.Modify$|SDN\.)/ : /^(Sys\.Audit$|SDN\.)/,
    mapping: /^(Mapping\.|Permissions\.Modify$)/,
  }
}
const CAP_PATHS = ['/', '/nodes', '/access/groups', '/vms', '/storage', '/sdn', '/mapping']

export type Cap = Record<string, Record<string, 1>>

/** `/vms/101` → ['/', '/vms', '/vms/101'] */
function levels(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '')
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)]
}

export class Permissions {
  private readonly cache = new Map<string, PrivMap>()
  private readonly groupsOf = new Map<string, Set<string>>()
  private everything: PrivMap | undefined

  constructor(
    private readonly config: AccessConfig,
    private readonly roleSet: RoleSet,
    /** The pool a guest belongs to, if any. */
    private readonly poolOf: (vmid: number) => string | undefined,
    /**
     * The PVE major version: /access/permissions lists the pool root as `/pool` since pve-access-control 8.0.6
     * (commit 3d7afd6 "perms: fix wrong /pools entry in default set of ACL paths"), as `/pools` before.
     */
    private readonly major = 9,
  ) {
    for (const group of config.groups) {
      for (const member of group.members) {
        const set = this.groupsOf.get(member) ?? new Set<string>()
        this.groupsOf.set(member, set.add(group.groupid))
      }
    }
  }

  /** Roles of authid on path with their propagate flag (AccessControl.pm `roles`). */
  roles(authid: string, path: string): Map<string, boolean> {
    let roles = new Map<string, boolean>()
    const steps = levels(path)
    const groups = this.groupsOf.get(authid) ?? new Set<string>()
    steps.forEach((step, i) => {
      const final = i === steps.length - 1
      const here = this.config.acl.filter((e) => e.path === step && (final || e.propagate))
      const pick = (match: (e: (typeof here)[number]) => boolean): Map<string, boolean> | undefined => {
        const found = new Map(here.filter(match).map((e) => [e.roleid, e.propagate] as const))
        return found.size > 0 ? found : undefined
      }
      roles =
        pick((e) => e.type === 'token' && e.ugid === authid) ??
        pick((e) => e.type === 'user' && e.ugid === authid) ??
        pick((e) => e.type === 'group' && groups.has(e.ugid)) ??
        roles
    })
    const noAccess = roles.get(NO_ACCESS)
    return noAccess === undefined ? roles : new Map([[NO_ACCESS, noAccess]])
  }

  private rolePrivs(role: string): readonly string[] {
    return this.roleSet.builtin.get(role) ?? this.config.roles[role] ?? []
  }

  /**
   * Roles on a path with those a pool grants its members (RPCEnvironment.pm `compile_acl_path`): a pool role
   * joins without propagation unless the path already has it; a pool NoAccess beats the path's roles, but a
   * NoAccess on the path itself is never lifted by a pool.
   */
  private effectiveRoles(authid: string, path: string): Map<string, boolean> {
    const roles = this.roles(authid, path)
    const vm = /^\/vms\/(\d+)$/.exec(path)
    const pool = vm?.[1] === undefined ? undefined : this.poolOf(Number(vm[1]))
    if (pool === undefined || roles.has(NO_ACCESS)) return roles
    const poolRoles = this.roles(authid, `/pool/${pool}`)
    if (poolRoles.has(NO_ACCESS)) return new Map([[NO_ACCESS, false]])
    for (const role of poolRoles.keys()) if (!roles.has(role)) roles.set(role, false)
    return roles
  }

  /** Privileges granted by the ACL tree alone, without the token intersection. */
  private aclPrivileges(authid: string, path: string): Map<string, boolean> {
    const privs = new Map<string, boolean>()
    for (const [role, propagate] of this.effectiveRoles(authid, path)) {
      for (const priv of this.rolePrivs(role)) privs.set(priv, (privs.get(priv) ?? false) || propagate)
    }
    return privs
  }

  /** Effective privileges of a user or token on a path (RPCEnvironment.pm `permissions`). */
  privileges(authid: string, path: string): PrivMap {
    // root@pam is asked about every guest of a 10,000-guest list: one shared answer, no cache entry per path.
    if (authid === ROOT) return (this.everything ??= new Map(this.roleSet.valid.map((p) => [p, true])))
    const key = `${authid}\u0000${path}`
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const result = this.compute(authid, path)
    this.cache.set(key, result)
    return result
  }

  private compute(authid: string, path: string): PrivMap {
    const split = splitTokenId(authid)
    const userid = split?.[0] ?? authid
    if (split === undefined) return this.aclPrivileges(authid, path)
    const token = findToken(this.config, authid)?.[1]
    if (token === undefined) return new Map()
    const userPrivs = this.privileges(userid, path)
    if (!token.privsep) return userPrivs
    const own = this.aclPrivileges(authid, path)
    return new Map(
      [...own].flatMap(([priv, propagate]) => {
        const user = userPrivs.get(priv)
        return user === undefined ? [] : [[priv, propagate && user] as const]
      }),
    )
  }

  has(authid: string, path: string, priv: string): boolean {
    return this.privileges(authid, path).has(priv)
  }

  /**
   * The 403 text PVE raises (`Permission check failed (<path>, <priv>)`), or undefined when allowed.
   * `any`: one of the privileges is enough (`check_any`, message lists them joined by `|`).
   */
  denial(authid: string, path: string, privs: readonly string[], any = false): string | undefined {
    const granted = this.privileges(authid, path)
    if (any) return privs.some((p) => granted.has(p)) ? undefined : `${path}, ${privs.join('|')}`
    const missing = privs.find((p) => !granted.has(p))
    return missing === undefined ? undefined : `${path}, ${missing}`
  }

  /**
   * Every node of the ACL tree, as `iterate_acl_tree` visits it: each ACL path and all its parents (user.cfg is
   * parsed into a tree, `find_acl_tree_node` creates the parents; pve-access-control 7.3-2 onwards).
   */
  private aclPaths(): string[] {
    return [...new Set(this.config.acl.flatMap((e) => levels(e.path)))]
  }

  /** The `cap` of a ticket response: what the GUI greys out, computed over the top paths and every ACL path. */
  cap(authid: string): Cap {
    const sections = capSections(this.major)
    const cap: Cap = Object.fromEntries(Object.keys(sections).map((k) => [k, {}]))
    const add = (section: string, priv: string): void => {
      ;(cap[section] ??= {})[priv] = 1
    }
    for (const path of new Set([...CAP_PATHS, ...this.aclPaths()])) {
      const top = /^\/(\w+)/.exec(path)?.[1] ?? 'dc'
      for (const priv of this.privileges(authid, path).keys()) {
        if (top === 'pool') {
          if (priv.startsWith('VM.') || priv === 'Permissions.Modify') add('vms', priv)
          if (priv.startsWith('Datastore.') || priv === 'Permissions.Modify') add('storage', priv)
          continue
        }
        const section = sections[top]
        if (section?.test(priv) === true) add(top, priv)
      }
    }
    return cap
  }

  /** GET /access/permissions: path → privilege → propagate (1/0), over the top paths, ACL paths and pool members. */
  effective(authid: string, guests: readonly { vmid: number; pool?: string }[]): Record<string, Entry01> {
    const poolRoot = this.major >= 8 ? '/pool' : '/pools'
    const top = ['/', '/access', '/access/groups', '/nodes', poolRoot, '/sdn', '/storage', '/vms']
    const members = guests.filter((g) => g.pool !== undefined).map((g) => `/vms/${g.vmid}`)
    const result: Record<string, Entry01> = {}
    for (const path of new Set([...top, ...this.aclPaths(), ...members])) {
      const privs = this.privileges(authid, path)
      if (privs.size > 0) result[path] = toEntry(privs)
    }
    return result
  }
}

export type Entry01 = Record<string, 0 | 1>

export const toEntry = (privs: PrivMap): Entry01 =>
  Object.fromEntries([...privs].sort(([a], [b]) => a.localeCompare(b)).map(([p, f]) => [p, f ? 1 : 0]))
