// can() held against the simulator's permission engine over random ACL sets, and the engine held against a
// line-by-line transcription of pve-access-control (src/PVE/AccessControl.pm `roles`, src/PVE/RPCEnvironment.pm
// `compile_acl_path`, `permissions`, `get_effective_permissions`), which keeps the ACLs in a tree as user.cfg's
// parser does.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { PermissionMap } from './permissions'
import { aclPathChain, can } from './permissions'
import type { AccessConfig, AclEntry } from '../../../tests/pve-sim/access/config'
import { ROOT, Permissions } from '../../../tests/pve-sim/access/permissions'
import { builtinRoles } from '../../../tests/pve-sim/access/privileges'

const USERS = ['alice@pve', 'bob@pve', 'carol@pve'] as const
const TOKENS = [
  { id: 'alice@pve!sep', privsep: true },
  { id: 'alice@pve!full', privsep: false },
  { id: 'bob@pve!sep', privsep: true },
] as const
const GROUPS = ['ops', 'dev'] as const
const POOLS = ['prod', 'test'] as const
const VMIDS = [100, 101, 102, 103] as const
// prettier-ignore
const ACL_PATHS = [
  '/', '/access', '/access/groups', '/access/groups/ops', '/nodes', '/nodes/n1', '/nodes/n2', '/pool', '/pool/prod',
  '/pool/test', '/sdn', '/sdn/zones', '/sdn/zones/z1', '/sdn/zones/z1/v1', '/sdn/zones/z1/v1/10', '/storage',
  '/storage/local', '/storage/nfs', '/vms', '/vms/100', '/vms/101', '/vms/102', '/vms/103', '/mapping',
  '/mapping/pci', '/mapping/pci/gpu',
]
/** ACL paths and paths no ACL names, below and beside them. */
const QUERY_PATHS = [
  ...ACL_PATHS,
  '/vms/104',
  '/nodes/n3',
  '/sdn/zones/z2/v9',
  '/sdn/zones/z1/v2',
  '/storage/ceph',
  '/mapping/usb/key',
]
// prettier-ignore
const PRIVS = [
  'VM.Audit', 'VM.PowerMgmt', 'VM.Console', 'VM.Allocate', 'Sys.Audit', 'Sys.Console', 'Datastore.Audit', 'SDN.Use',
  'Pool.Audit',
]
const CUSTOM = ['R1', 'R2', 'R3'] as const
const ROLES = ['NoAccess', 'PVEAuditor', 'PVEVMUser', 'PVEVMAdmin', 'Administrator', ...CUSTOM]
const AUTHIDS = [...USERS, ...TOKENS.map((t) => t.id), ROOT]

interface World {
  config: AccessConfig
  pools: ReadonlyMap<number, string>
  major: number
}

const aclEntry: fc.Arbitrary<AclEntry> = fc
  .record({
    path: fc.constantFrom(...ACL_PATHS),
    who: fc.oneof(
      fc.constantFrom(...USERS).map((ugid) => ({ type: 'user' as const, ugid })),
      fc.constantFrom(...GROUPS).map((ugid) => ({ type: 'group' as const, ugid })),
      fc.constantFrom(...TOKENS.map((t) => t.id)).map((ugid) => ({ type: 'token' as const, ugid })),
    ),
    roleid: fc.constantFrom(...ROLES),
    propagate: fc.boolean(),
  })
  .map(({ path, who, roleid, propagate }) => ({ path, ...who, roleid, propagate }))

const world: fc.Arbitrary<World> = fc
  .record({
    acl: fc.array(aclEntry, { maxLength: 14 }),
    members: fc.tuple(fc.subarray([...USERS]), fc.subarray([...USERS])),
    roles: fc.tuple(...CUSTOM.map(() => fc.subarray(PRIVS))),
    pools: fc.tuple(...VMIDS.map(() => fc.option(fc.constantFrom(...POOLS), { nil: undefined }))),
    major: fc.constantFrom(8, 9),
  })
  .map(({ acl, members, roles, pools, major }) => {
    // user.cfg holds one propagate flag per path, user or group and role: the last line wins. One role given on
    // one path by two groups is kept once: PVE's flag for it would then depend on Perl's hash order.
    const key = (e: AclEntry): string => `${e.path} ${e.type} ${e.type === 'group' ? '' : e.ugid} ${e.roleid}`
    const unique = new Map(acl.map((e) => [key(e), e]))
    const config: AccessConfig = {
      realms: [{ realm: 'pve', type: 'pve' }],
      users: USERS.map((userid) => ({
        userid,
        enable: true,
        expire: 0,
        tokens: TOKENS.filter((t) => t.id.startsWith(`${userid}!`)).map((t) => ({
          name: t.id.slice(t.id.indexOf('!') + 1),
          secret: 's',
          privsep: t.privsep,
          expire: 0,
        })),
      })),
      groups: GROUPS.map((groupid, i) => ({ groupid, members: members[i] ?? [] })),
      roles: Object.fromEntries(CUSTOM.map((name, i) => [name, roles[i] ?? []])),
      acl: [...unique.values()],
    }
    const poolOf = new Map(
      VMIDS.flatMap((vmid, i) => (pools[i] === undefined ? [] : [[vmid, pools[i]] as const])),
    )
    return { config, pools: poolOf, major }
  })

const engineOf = (w: World): Permissions =>
  new Permissions(w.config, builtinRoles(w.major), (vmid) => w.pools.get(vmid), w.major)
const guestsOf = (w: World): { vmid: number; pool?: string }[] =>
  VMIDS.map((vmid) => ({ vmid, pool: w.pools.get(vmid) }))
const poolOfPath = (w: World, path: string): string | undefined => {
  const vmid = /^\/vms\/(\d+)$/.exec(path)?.[1]
  return vmid === undefined ? undefined : w.pools.get(Number(vmid))
}

// ---- pve-access-control, transcribed -------------------------------------------------------------------------

interface AclNode {
  children: Map<string, AclNode>
  users: Map<string, Map<string, boolean>>
  groups: Map<string, Map<string, boolean>>
  tokens: Map<string, Map<string, boolean>>
}
const newNode = (): AclNode => ({
  children: new Map(),
  users: new Map(),
  groups: new Map(),
  tokens: new Map(),
})

/** parse_user_config's `acl` lines into `acl_root` (find_acl_tree_node creates the parents). */
function aclTree(config: AccessConfig): AclNode {
  const root = newNode()
  for (const e of config.acl) {
    let node = root
    for (const p of e.path.split('/').filter(Boolean)) {
      const child = node.children.get(p) ?? newNode()
      node.children.set(p, child)
      node = child
    }
    const table = e.type === 'user' ? node.users : e.type === 'group' ? node.groups : node.tokens
    const roles = table.get(e.ugid) ?? new Map<string, boolean>()
    table.set(e.ugid, roles.set(e.roleid, e.propagate))
  }
  return root
}

function iterateAclTree(path: string, node: AclNode, code: (path: string) => void): void {
  code(path)
  const base = path === '/' ? '' : path
  for (const [child, sub] of [...node.children].sort(([a], [b]) => a.localeCompare(b))) {
    iterateAclTree(`${base}/${child}`, sub, code)
  }
}

class PerlAccess {
  private readonly root: AclNode
  private readonly roleSet: ReturnType<typeof builtinRoles>

  constructor(private readonly w: World) {
    this.root = aclTree(w.config)
    this.roleSet = builtinRoles(w.major)
  }

  private token(authid: string): { user: string; privsep: boolean } | undefined {
    const [user, name] = authid.split('!')
    const entry = this.w.config.users.find((u) => u.userid === user)?.tokens.find((t) => t.name === name)
    return user === undefined || entry === undefined ? undefined : { user, privsep: entry.privsep }
  }

  private rolePrivs(role: string): readonly string[] {
    return this.roleSet.builtin.get(role) ?? this.w.config.roles[role] ?? []
  }

  /** AccessControl.pm `roles`. */
  roles(user: string, path: string): Map<string, boolean> {
    if (user.includes('!')) {
      const token = this.token(user)
      if (token === undefined) return new Map()
      if (!token.privsep) return this.roles(token.user, path)
    }
    let roles = new Map<string, boolean>()
    const split = path === '/' ? [''] : path.split('/')
    let acl: AclNode | undefined = this.root
    while (split.length > 0) {
      const p = split.shift() ?? ''
      const final = split.length === 0
      if (p !== '') acl = acl?.children.get(p)
      const apply = (ri: Map<string, boolean> | undefined, into: Map<string, boolean>): void => {
        for (const [role, propagate] of ri ?? []) if (final || propagate) into.set(role, propagate)
      }
      const fromToken = new Map<string, boolean>()
      apply(acl?.tokens.get(user), fromToken)
      if (fromToken.size > 0) {
        roles = fromToken
        continue
      }
      const fromUser = new Map<string, boolean>()
      apply(acl?.users.get(user), fromUser)
      if (fromUser.size > 0) {
        roles = fromUser
        continue
      }
      const fromGroups = new Map<string, boolean>()
      for (const [g, ri] of acl?.groups ?? []) {
        if (this.w.config.groups.find((x) => x.groupid === g)?.members.includes(user) === true) {
          apply(ri, fromGroups)
        }
      }
      if (fromGroups.size > 0) roles = fromGroups
    }
    const noAccess = roles.get('NoAccess')
    return noAccess === undefined ? roles : new Map([['NoAccess', noAccess]])
  }

  /** RPCEnvironment.pm `compile_acl_path`. */
  private compile(user: string, path: string): Map<string, boolean> {
    const poolroles = new Map<string, Set<string>>()
    for (const pool of POOLS) {
      const poolRoles = this.roles(user, `/pool/${pool}`)
      if (poolRoles.size === 0) continue
      for (const [vmid, p] of this.w.pools) {
        if (p !== pool) continue
        const set = poolroles.get(`/vms/${vmid}`) ?? new Set<string>()
        for (const role of poolRoles.keys()) set.add(role)
        poolroles.set(`/vms/${vmid}`, set)
      }
    }
    let roles = this.roles(user, path)
    const fromPool = poolroles.get(path)
    if (fromPool !== undefined && !roles.has('NoAccess')) {
      if (fromPool.has('NoAccess')) roles = new Map([['NoAccess', false]])
      else for (const role of fromPool) if (!roles.has(role)) roles.set(role, false)
    }
    let privs = new Map<string, boolean>()
    for (const [role, propagate] of roles) {
      for (const p of this.rolePrivs(role)) privs.set(p, (privs.get(p) ?? false) || propagate)
    }
    const token = user.includes('!') ? this.token(user) : undefined
    if (token !== undefined && token.user !== ROOT) {
      const userPrivs = this.permissions(token.user, path)
      privs = new Map(
        [...privs].flatMap(([p, f]) => {
          const u = userPrivs.get(p)
          return u === undefined ? [] : [[p, u && f] as const]
        }),
      )
    }
    return privs
  }

  /** RPCEnvironment.pm `permissions`. */
  permissions(user: string, path: string): Map<string, boolean> {
    if (user === ROOT) return new Map(this.rolePrivs('Administrator').map((p) => [p, true]))
    if (user.includes('!')) {
      const token = this.token(user)
      if (token === undefined) return new Map()
      const userPerms = this.permissions(token.user, path)
      if (!token.privsep) return userPerms
    }
    return this.compile(user, path)
  }

  /** RPCEnvironment.pm `get_effective_permissions`. */
  effective(user: string): Record<string, Record<string, 0 | 1>> {
    const paths = new Set(['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'])
    iterateAclTree('/', this.root, (p) => paths.add(p))
    for (const vmid of this.w.pools.keys()) paths.add(`/vms/${vmid}`)
    const perms: Record<string, Record<string, 0 | 1>> = {}
    for (const path of paths) {
      const privs = this.permissions(user, path)
      if (privs.size > 0) perms[path] = Object.fromEntries([...privs].map(([p, f]) => [p, f ? 1 : 0]))
    }
    return perms
  }
}

// ---- the simplest configuration behind a map -------------------------------------------------------------------

const STAR = 'star@pve'

/** The paths PVE walked for a map, as far as the map shows: the fixed ones, and every listed path and its parents. */
function knownWalked(map: PermissionMap): Set<string> {
  const walked = new Set(['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'])
  for (const path of Object.keys(map)) for (const p of aclPathChain(path)) walked.add(p)
  return walked
}

/**
 * A configuration whose map for `star@pve` is `map`: on each listed path a user ACL granting the privileges flagged
 * 1 with propagation and those flagged 0 without; NoAccess (propagated) on each walked path the map leaves out;
 * NoAccess (not propagated) on each left-out pool member.
 */
function simplestConfig(map: PermissionMap, members: readonly string[]): AccessConfig {
  const roles: Record<string, string[]> = {}
  const acl: AclEntry[] = []
  const grant = (path: string, roleid: string, propagate: boolean): void => {
    acl.push({ path, type: 'user', ugid: STAR, roleid, propagate })
  }
  for (const [path, privs] of Object.entries(map)) {
    for (const flag of [1, 0]) {
      const set = Object.keys(privs).filter((p) => privs[p] === flag)
      if (set.length === 0) continue
      roles[`${path}#${flag}`] = set
      grant(path, `${path}#${flag}`, flag === 1)
    }
  }
  for (const path of knownWalked(map)) if (map[path] === undefined) grant(path, 'NoAccess', true)
  for (const path of members) if (map[path] === undefined) grant(path, 'NoAccess', false)
  return {
    realms: [{ realm: 'pve', type: 'pve' }],
    users: [{ userid: STAR, enable: true, expire: 0, tokens: [] }],
    groups: [],
    roles,
    acl,
  }
}

const RUNS = { numRuns: 200 }
// A property runs a few hundred random configurations; on a loaded machine that takes longer than vitest's 5 s.
const SLOW = 120_000

describe('the engine computes /access/permissions as pve-access-control does', () => {
  it(
    'matches the transcription of get_effective_permissions for every user and token',
    () => {
      fc.assert(
        fc.property(world, (w) => {
          const engine = engineOf(w)
          const perl = new PerlAccess(w)
          for (const authid of AUTHIDS) {
            expect(engine.effective(authid, guestsOf(w))).toEqual(perl.effective(authid))
            const wrong = QUERY_PATHS.filter((path) => {
              const mine = engine.privileges(authid, path)
              const theirs = perl.permissions(authid, path)
              return mine.size !== theirs.size || [...mine].some(([p, f]) => theirs.get(p) !== f)
            })
            expect(wrong, authid).toEqual([])
          }
        }),
        RUNS,
      )
    },
    SLOW,
  )
})

describe('can() reads /access/permissions as PVE means it', () => {
  it(
    'answers as PVE checks wherever the map decides: listed paths, walked paths, pool members',
    () => {
      fc.assert(
        fc.property(world, (w) => {
          const engine = engineOf(w)
          for (const authid of AUTHIDS) {
            const map = engine.effective(authid, guestsOf(w))
            const walked = knownWalked(map)
            const wrong = QUERY_PATHS.flatMap((path) => {
              const pool = poolOfPath(w, path)
              if (map[path] === undefined && !walked.has(path) && pool === undefined) return []
              return PRIVS.filter(
                (priv) => can(map, path, priv, { pool }) !== engine.has(authid, path, priv),
              ).map((priv) => `${authid} ${path} ${priv}`)
            })
            expect(wrong).toEqual([])
          }
        }),
        RUNS,
      )
    },
    SLOW,
  )

  it(
    'everywhere else answers as PVE would for the simplest configuration that gives the same map',
    () => {
      fc.assert(
        fc.property(world, fc.boolean(), (w, withPools) => {
          const engine = engineOf(w)
          for (const authid of AUTHIDS) {
            const map = engine.effective(authid, guestsOf(w))
            const members = withPools ? [...w.pools.keys()].map((vmid) => `/vms/${vmid}`) : []
            const simplest = new Permissions(
              simplestConfig(map, members),
              builtinRoles(w.major),
              () => undefined,
            )
            // The same map, so the map alone cannot tell the two configurations apart...
            expect(simplest.effective(STAR, [])).toEqual(map)
            // ...and can() gives that configuration's answer on every path.
            const wrong = QUERY_PATHS.flatMap((path) => {
              const pool = withPools ? poolOfPath(w, path) : undefined
              return PRIVS.filter(
                (priv) => can(map, path, priv, { pool }) !== simplest.has(STAR, path, priv),
              ).map((priv) => `${authid} ${path} ${priv}`)
            })
            expect(wrong).toEqual([])
          }
        }),
        RUNS,
      )
    },
    SLOW,
  )
})

describe('what the map cannot show', () => {
  const w = (acl: AclEntry[], pools: [number, string][] = []): World => ({
    config: {
      realms: [{ realm: 'pve', type: 'pve' }],
      users: [{ userid: 'alice@pve', enable: true, expire: 0, tokens: [] }],
      groups: [{ groupid: 'ops', members: ['alice@pve'] }],
      roles: {},
      acl,
    },
    pools: new Map(pools),
    major: 9,
  })
  const entry = (path: string, type: AclEntry['type'], roleid: string, propagate = true): AclEntry => ({
    path,
    type,
    ugid: type === 'group' ? 'ops' : 'alice@pve',
    roleid,
    propagate,
  })
  const mapOf = (x: World): PermissionMap => engineOf(x).effective('alice@pve', guestsOf(x))
  const pathAnswer = (x: World, path: string): PermissionMap => ({
    [path]: Object.fromEntries(
      [...engineOf(x).privileges('alice@pve', path)].map(([p, f]) => [p, f ? 1 : 0]),
    ),
  })

  it('hides a NoAccess on a guest outside any pool; the path query shows it', () => {
    const granted = w([entry('/', 'user', 'PVEVMUser')])
    const hidden = w([entry('/', 'user', 'PVEVMUser'), entry('/vms/102', 'user', 'NoAccess')])
    expect(mapOf(hidden)).toEqual(mapOf(granted))
    expect(engineOf(hidden).has('alice@pve', '/vms/102', 'VM.PowerMgmt')).toBe(false)
    expect(can(mapOf(hidden), '/vms/102', 'VM.PowerMgmt')).toBe(true)
    expect(can(pathAnswer(hidden, '/vms/102'), '/vms/102', 'VM.PowerMgmt')).toBe(false)
    expect(can(pathAnswer(granted, '/vms/102'), '/vms/102', 'VM.PowerMgmt')).toBe(true)
  })

  it('shows the NoAccess of a pool member, the guest passing its pool', () => {
    const pooled = w(
      [entry('/', 'user', 'PVEVMUser'), entry('/vms/102', 'user', 'NoAccess')],
      [[102, 'prod']],
    )
    expect(can(mapOf(pooled), '/vms/102', 'VM.PowerMgmt', { pool: 'prod' })).toBe(false)
    expect(can(mapOf(pooled), '/vms/103', 'VM.PowerMgmt')).toBe(true)
  })

  it('hides group ACLs behind a non-propagating user ACL of the same path', () => {
    const shadowed = w([entry('/vms', 'user', 'PVEAuditor', false), entry('/vms', 'group', 'PVEVMUser')])
    const alone = w([entry('/vms', 'user', 'PVEAuditor', false)])
    expect(mapOf(shadowed)).toEqual(mapOf(alone))
    // On /vms the user ACL wins; below it only propagating entries count, and the user has none there.
    expect(engineOf(shadowed).has('alice@pve', '/vms', 'VM.PowerMgmt')).toBe(false)
    expect(engineOf(shadowed).has('alice@pve', '/vms/101', 'VM.PowerMgmt')).toBe(true)
    expect(can(mapOf(shadowed), '/vms/101', 'VM.PowerMgmt')).toBe(false)
    expect(can(pathAnswer(shadowed, '/vms/101'), '/vms/101', 'VM.PowerMgmt')).toBe(true)
  })

  it('reads a walked path left out as a NoAccess that propagates, the usual kind', () => {
    const propagated = w([entry('/', 'user', 'PVEVMUser'), entry('/vms', 'user', 'NoAccess')])
    const local = w([entry('/', 'user', 'PVEVMUser'), entry('/vms', 'user', 'NoAccess', false)])
    expect(mapOf(local)).toEqual(mapOf(propagated))
    expect(engineOf(propagated).has('alice@pve', '/vms/101', 'VM.Audit')).toBe(false)
    expect(engineOf(local).has('alice@pve', '/vms/101', 'VM.Audit')).toBe(true)
    expect(can(mapOf(local), '/vms/101', 'VM.Audit')).toBe(false)
  })
})
