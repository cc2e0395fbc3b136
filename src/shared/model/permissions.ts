// How to read `GET /access/permissions` as pve-access-control writes it (src/PVE/RPCEnvironment.pm,
// src/PVE/AccessControl.pm):
//
// - `get_effective_permissions` calls `permissions($user, $path)` on a fixed set of paths: `/`, `/access`,
//   `/access/groups`, `/nodes`, `/pool` (`/pools` before pve-access-control 8.0.6), `/sdn`, `/storage`, `/vms`; every
//   node of the ACL tree (`iterate_acl_tree`, so the parents of an ACL path too); and every pool member
//   (`/vms/<vmid>`, `/storage/<id>`). Paths where the user has nothing are left out.
// - `permissions` (through `compile_acl_path`) maps each privilege the user HAS on that path to its propagate flag.
//   The flag is informational ("actual propagation is handled in PVE::AccessControl::roles()"): a privilege listed
//   with 0 is granted on that very path, like one listed with 1. A check (`check`, `check_any`) only asks whether
//   the privilege is defined.
// - `AccessControl::roles` walks from `/` down to the path; at each level token ACLs beat user ACLs, which beat
//   group ACLs, and a level with matching entries replaces what the levels above gave; on the levels above the path
//   only entries with propagate set count; NoAccess (propagated or at the path) leaves nothing. `compile_acl_path`
//   adds the roles of the guest's pool (`/pool/<name>`) to `/vms/<vmid>`, never propagated, unless the path has
//   NoAccess; a pool NoAccess beats the path's roles. A privilege-separated token gets the intersection of its own
//   privileges and its user's, flags and-ed.
//
// What the client can therefore conclude:
// 1. A listed path: exactly what PVE decides there, whatever the flags.
// 2. A path PVE walked but left out: nothing. The client knows PVE walked the fixed paths above, every parent of a
//    listed path (the ACL tree holds the parents of every node) and a pool member (the caller passes its pool).
// 3. Any other path has no ACL of its own and no pool (else PVE would have walked it), or has only ACLs that give
//    nothing: its privileges come from the nearest listed ancestor's privileges flagged 1. A listed ancestor whose
//    privileges are all flagged 0 was decided by entries that do not propagate, so what reaches the path comes from
//    further up; a walked ancestor that is left out passes nothing down.
// Rule 3 is exact when the configuration is the simplest one that yields this map; the map cannot show a NoAccess
// (or an ACL granting nothing) on a path that is neither listed nor known to be walked, nor group ACLs hidden behind
// a user's non-propagating ACL on the same path, nor a NoAccess that does not propagate. Where one exact answer
// matters, ask PVE for that path (`GET /access/permissions?path=<path>`, which always lists it, empty or not) and
// read that answer: it falls under rule 1.

/** `GET /access/permissions`: path → privilege → propagate flag (1 or 0). */
export type PermissionMap = Readonly<Record<string, Readonly<Record<string, number>>>>

/** What the caller knows about the object at the path. */
export interface PermissionContext {
  /** The pool the guest (or storage) belongs to: PVE walked its path, so an unlisted path means nothing. */
  pool?: string
}

/** The paths `get_effective_permissions` always walks; PVE before 8.0.6 listed `/pools` instead of `/pool`. */
const ALWAYS_WALKED = ['/', '/access', '/access/groups', '/nodes', '/sdn', '/storage', '/vms']

/** Parents of a PVE ACL path, nearest first: `/vms/100` → `/vms/100`, `/vms`, `/`. */
export function aclPathChain(path: string): string[] {
  const parts = path.split('/').filter(Boolean)
  const chain: string[] = []
  for (let i = parts.length; i > 0; i--) chain.push(`/${parts.slice(0, i).join('/')}`)
  chain.push('/')
  return chain
}

const walkedCache = new WeakMap<PermissionMap, ReadonlySet<string>>()

/** The paths PVE is known to have walked for this map: the fixed ones, the listed ones and all their parents. */
function walkedPaths(permissions: PermissionMap): ReadonlySet<string> {
  const cached = walkedCache.get(permissions)
  if (cached !== undefined) return cached
  const walked = new Set(ALWAYS_WALKED)
  walked.add(Object.hasOwn(permissions, '/pools') ? '/pools' : '/pool')
  for (const listed of Object.keys(permissions)) for (const p of aclPathChain(listed)) walked.add(p)
  walkedCache.set(permissions, walked)
  return walked
}

const propagates = (flag: unknown): boolean => flag === 1 || flag === true

/**
 * May the user use `privilege` on `path`? Reads the map as PVE means it (see the top of this file): a listed path
 * decides by itself, flag 0 or 1; an unlisted path PVE walked has nothing; any other path inherits the privileges
 * flagged 1 of its nearest ancestor that propagates anything.
 */
export function can(
  permissions: PermissionMap | undefined,
  path: string,
  privilege: string,
  context: PermissionContext = {},
): boolean {
  if (permissions === undefined) return false
  const [own, ...ancestors] = aclPathChain(path)
  if (own === undefined) return false
  const here = permissions[own]
  if (here !== undefined) return Object.hasOwn(here, privilege)
  const walked = walkedPaths(permissions)
  if (context.pool !== undefined || walked.has(own)) return false
  for (const ancestor of ancestors) {
    const privileges = permissions[ancestor]
    if (privileges === undefined) {
      if (walked.has(ancestor)) return false
      continue
    }
    if (Object.values(privileges).some(propagates)) return propagates(privileges[privilege])
  }
  return false
}

/** A PVE 403 names what was missing: `Permission check failed (/vms/100, VM.PowerMgmt)`. */
export function missingPrivilege(message: string): { path: string; privilege: string } | undefined {
  const match = /Permission check failed \(([^,]+), ([^)]+)\)/.exec(message)
  return match?.[1] !== undefined && match[2] !== undefined
    ? { path: match[1], privilege: match[2] }
    : undefined
}
