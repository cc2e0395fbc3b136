import { describe, expect, it } from 'vitest'

import type { AccessConfig, AclEntry } from './access/config'
import { Permissions } from './access/permissions'
import { builtinRoles } from './access/privileges'

const acl = (
  path: string,
  type: AclEntry['type'],
  ugid: string,
  roleid: string,
  propagate = true,
): AclEntry => ({
  path,
  type,
  ugid,
  roleid,
  propagate,
})

function config(entries: AclEntry[]): AccessConfig {
  return {
    realms: [{ realm: 'pve', type: 'pve' }],
    users: [
      {
        userid: 'alice@pve',
        enable: true,
        expire: 0,
        tokens: [
          { name: 'sep', secret: 'x', privsep: true, expire: 0 },
          { name: 'full', secret: 'y', privsep: false, expire: 0 },
        ],
      },
      { userid: 'bob@pve', enable: true, expire: 0, tokens: [] },
    ],
    groups: [{ groupid: 'ops', members: ['alice@pve', 'bob@pve'] }],
    roles: { Watcher: ['VM.Audit', 'Sys.Audit'] },
    acl: entries,
  }
}

const POOLS = new Map([[100, 'prod']])
const engine = (entries: AclEntry[], major = 9): Permissions =>
  new Permissions(config(entries), builtinRoles(major), (vmid) => POOLS.get(vmid), major)
const privs = (p: Permissions, authid: string, path: string): string[] =>
  [...p.privileges(authid, path).keys()].sort()

describe('built-in roles', () => {
  it('split VM.Monitor into the guest agent privileges in PVE 9', () => {
    expect(builtinRoles(8).builtin.get('PVEVMUser')).toEqual([
      'VM.Audit',
      'VM.Backup',
      'VM.Config.CDROM',
      'VM.Config.Cloudinit',
      'VM.Console',
      'VM.PowerMgmt',
    ])
    expect(builtinRoles(9).builtin.get('PVEVMUser')).toEqual([
      'VM.Audit',
      'VM.Backup',
      'VM.Config.CDROM',
      'VM.Config.Cloudinit',
      'VM.Console',
      'VM.GuestAgent.Audit',
      'VM.GuestAgent.FileRead',
      'VM.GuestAgent.FileSystemMgmt',
      'VM.GuestAgent.FileWrite',
      'VM.PowerMgmt',
    ])
    expect(builtinRoles(8).valid).toContain('VM.Monitor')
    expect(builtinRoles(9).valid).not.toContain('VM.Monitor')
    expect(builtinRoles(9).valid).toEqual(expect.arrayContaining(['VM.Replicate', 'Sys.AccessNetwork']))
  })

  it('give PVEAuditor every audit privilege, Administrator everything and NoAccess nothing', () => {
    const roles = builtinRoles(8)
    expect(roles.builtin.get('PVEAuditor')).toEqual([
      'Datastore.Audit',
      'Mapping.Audit',
      'Pool.Audit',
      'SDN.Audit',
      'Sys.Audit',
      'VM.Audit',
    ])
    expect(roles.builtin.get('Administrator')).toEqual(roles.valid)
    expect(roles.valid).toContain('Permissions.Modify')
    expect(roles.builtin.get('NoAccess')).toEqual([])
    const admin = roles.builtin.get('PVEAdmin') ?? []
    for (const rootOnly of [
      'Sys.PowerMgmt',
      'Sys.Modify',
      'Realm.Allocate',
      'Mapping.Modify',
      'Permissions.Modify',
    ]) {
      expect(admin).not.toContain(rootOnly)
    }
    expect(admin).toEqual(expect.arrayContaining(['VM.Allocate', 'Sys.Console', 'Datastore.Allocate']))
    expect([...roles.builtin.keys()]).toEqual(
      expect.arrayContaining([
        'PVEVMAdmin',
        'PVEVMUser',
        'PVEDatastoreUser',
        'PVESysAdmin',
        'PVETemplateUser',
      ]),
    )
  })
})

describe('ACL evaluation', () => {
  it('propagates only flagged entries to the paths below', () => {
    const p = engine([
      acl('/vms', 'group', 'ops', 'PVEAuditor', false),
      acl('/nodes', 'group', 'ops', 'Watcher'),
    ])
    expect(privs(p, 'bob@pve', '/vms')).toContain('VM.Audit')
    expect(privs(p, 'bob@pve', '/vms/101')).toEqual([])
    expect(privs(p, 'bob@pve', '/nodes/pve1')).toEqual(['Sys.Audit', 'VM.Audit'])
    expect(p.privileges('bob@pve', '/nodes/pve1').get('Sys.Audit')).toBe(true)
  })

  it('lets user entries beat group entries, and a deeper level replace the levels above', () => {
    const p = engine([
      acl('/', 'group', 'ops', 'PVEVMAdmin'),
      acl('/', 'user', 'alice@pve', 'PVEAuditor'),
      acl('/vms/101', 'group', 'ops', 'Watcher'),
    ])
    expect(p.has('alice@pve', '/vms/102', 'VM.Allocate')).toBe(false)
    expect(p.has('bob@pve', '/vms/102', 'VM.Allocate')).toBe(true)
    // At /vms/101 the group entry replaces what / gave, for alice too (no user entry at that level).
    expect(privs(p, 'alice@pve', '/vms/101')).toEqual(['Sys.Audit', 'VM.Audit'])
    expect(privs(p, 'bob@pve', '/vms/101')).toEqual(['Sys.Audit', 'VM.Audit'])
  })

  it('lets a non-propagating user ACL decide its own path only, the group ACLs of that path reaching below', () => {
    // AccessControl.pm `roles`: above the last level only propagating entries are looked at, so the user's
    // non-propagating entry does not hide the group's propagating one from the paths below.
    const p = engine([
      acl('/vms', 'user', 'bob@pve', 'PVEAuditor', false),
      acl('/vms', 'group', 'ops', 'PVEVMUser'),
    ])
    expect(p.has('bob@pve', '/vms', 'VM.PowerMgmt')).toBe(false)
    expect(p.privileges('bob@pve', '/vms').get('VM.Audit')).toBe(false)
    expect(p.has('bob@pve', '/vms/101', 'VM.PowerMgmt')).toBe(true)
  })

  it('lets a propagated NoAccess below a propagating grant take everything from there down', () => {
    const p = engine([
      acl('/', 'group', 'ops', 'PVEAdmin'),
      acl('/sdn/zones/z1', 'user', 'bob@pve', 'NoAccess'),
      acl('/vms/101', 'user', 'bob@pve', 'NoAccess', false),
    ])
    expect(privs(p, 'bob@pve', '/sdn/zones/z1')).toEqual([])
    expect(privs(p, 'bob@pve', '/sdn/zones/z1/vnet1')).toEqual([])
    expect(p.has('bob@pve', '/sdn/zones/z2', 'SDN.Use')).toBe(true)
    expect(privs(p, 'bob@pve', '/vms/101')).toEqual([])
    // alice is in ops too, without a NoAccess of her own.
    expect(p.has('alice@pve', '/vms/101', 'VM.PowerMgmt')).toBe(true)
  })

  it('makes NoAccess win over the other roles of its level', () => {
    const p = engine([
      acl('/', 'group', 'ops', 'PVEAdmin'),
      acl('/storage/local', 'group', 'ops', 'NoAccess'),
      acl('/storage/local', 'group', 'ops', 'PVEDatastoreAdmin'),
    ])
    expect(privs(p, 'bob@pve', '/storage/local')).toEqual([])
    expect(p.has('bob@pve', '/storage/nfs', 'Datastore.Allocate')).toBe(true)
  })

  it('grants a pool ACL on the pool members, without propagation', () => {
    const p = engine([acl('/pool/prod', 'user', 'bob@pve', 'PVEVMUser')])
    expect(p.has('bob@pve', '/vms/100', 'VM.PowerMgmt')).toBe(true)
    expect(p.privileges('bob@pve', '/vms/100').get('VM.PowerMgmt')).toBe(false)
    expect(p.has('bob@pve', '/vms/101', 'VM.PowerMgmt')).toBe(false)
  })

  it('lets a pool NoAccess beat the member path, but never lifts a NoAccess on the path itself', () => {
    const denied = engine([
      acl('/', 'user', 'bob@pve', 'PVEAdmin'),
      acl('/pool/prod', 'user', 'bob@pve', 'NoAccess'),
    ])
    expect(privs(denied, 'bob@pve', '/vms/100')).toEqual([])
    expect(denied.has('bob@pve', '/vms/101', 'VM.Audit')).toBe(true)
    const kept = engine([
      acl('/vms/100', 'user', 'bob@pve', 'NoAccess'),
      acl('/pool/prod', 'user', 'bob@pve', 'PVEAdmin'),
    ])
    expect(privs(kept, 'bob@pve', '/vms/100')).toEqual([])
  })

  it('gives root@pam every privilege everywhere, whatever the ACLs say', () => {
    const p = engine([acl('/', 'user', 'root@pam', 'NoAccess')])
    expect(privs(p, 'root@pam', '/vms/4242')).toEqual(builtinRoles(9).valid)
  })

  it('intersects a privilege-separated token with its user, and gives a full token what its user has', () => {
    const p = engine([
      acl('/', 'user', 'alice@pve', 'PVEVMUser'),
      acl('/vms', 'token', 'alice@pve!sep', 'PVEVMAdmin'),
      acl('/nodes', 'token', 'alice@pve!sep', 'PVESysAdmin'),
    ])
    // The token's PVEVMAdmin is cut down to what alice has (PVEVMUser); the node privileges alice lacks entirely.
    expect(privs(p, 'alice@pve!sep', '/vms/101')).toEqual(privs(p, 'alice@pve', '/vms/101'))
    expect(p.has('alice@pve!sep', '/vms/101', 'VM.Allocate')).toBe(false)
    expect(privs(p, 'alice@pve!sep', '/nodes/pve1')).toEqual([])
    // Without ACLs of its own a separated token has nothing.
    expect(privs(p, 'alice@pve!sep', '/storage/local')).toEqual([])
    expect(privs(p, 'alice@pve!full', '/vms/101')).toEqual(privs(p, 'alice@pve', '/vms/101'))
    expect(privs(p, 'alice@pve!nope', '/vms/101')).toEqual([])
  })

  it('words denials as PVE does', () => {
    const p = engine([acl('/', 'user', 'bob@pve', 'PVEAuditor')])
    expect(p.denial('bob@pve', '/vms/100', ['VM.Audit'])).toBeUndefined()
    expect(p.denial('bob@pve', '/vms/100', ['VM.Audit', 'VM.PowerMgmt'])).toBe('/vms/100, VM.PowerMgmt')
    expect(p.denial('bob@pve', '/vms/100', ['VM.Console', 'VM.PowerMgmt'], true)).toBe(
      '/vms/100, VM.Console|VM.PowerMgmt',
    )
  })
})

describe('cap and effective permissions', () => {
  it('collects a pool role into the vms and storage sections of cap', () => {
    const p = engine([acl('/pool/prod', 'user', 'bob@pve', 'PVEVMUser')])
    const cap = p.cap('bob@pve')
    expect(Object.keys(cap).sort()).toEqual(['access', 'dc', 'mapping', 'nodes', 'sdn', 'storage', 'vms'])
    expect(cap.vms).toMatchObject({ 'VM.PowerMgmt': 1, 'VM.Console': 1 })
    expect(cap.nodes).toEqual({})
    expect(cap.dc).toEqual({})
  })

  it('puts only Sys.Audit and SDN privileges under dc, as real PVE 8 root tickets show (PVE 9 adds Sys.Modify)', () => {
    const cap = engine([], 8).cap('root@pam')
    expect(Object.keys(cap.dc ?? {}).sort()).toEqual(['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit'])
    expect(engine([], 9).cap('root@pam').dc).toHaveProperty('Sys.Modify', 1)
    expect(cap.nodes).toHaveProperty('Sys.PowerMgmt', 1)
    expect(cap.access).toEqual({ 'Group.Allocate': 1, 'Permissions.Modify': 1, 'User.Modify': 1 })
  })

  it('walks every node of the ACL tree, the parents of an ACL path too, and lists /pool from PVE 8.0.6 on', () => {
    // RPCEnvironment.pm `get_effective_permissions` over `iterate_acl_tree`; commit 3d7afd6 for /pool.
    const entries = [
      acl('/', 'user', 'bob@pve', 'Watcher'),
      acl('/mapping/pci/gpu', 'user', 'alice@pve', 'Watcher'),
    ]
    for (const major of [8, 9]) {
      const listed = Object.keys(engine(entries, major).effective('bob@pve', [])).sort()
      expect(listed).toEqual([
        '/',
        '/access',
        '/access/groups',
        '/mapping',
        '/mapping/pci',
        '/mapping/pci/gpu',
        '/nodes',
        '/pool',
        '/sdn',
        '/storage',
        '/vms',
      ])
    }
    expect(Object.keys(engine(entries, 7).effective('bob@pve', []))).toContain('/pools')
  })

  it('lists the paths with privileges, ACL paths and pool members included, with propagate flags', () => {
    const p = engine([
      acl('/vms/101', 'user', 'bob@pve', 'Watcher', false),
      acl('/pool/prod', 'user', 'bob@pve', 'Watcher'),
    ])
    expect(p.effective('bob@pve', [{ vmid: 100, pool: 'prod' }, { vmid: 101 }])).toEqual({
      '/pool/prod': { 'Sys.Audit': 1, 'VM.Audit': 1 },
      // Pool-derived roles never propagate.
      '/vms/100': { 'Sys.Audit': 0, 'VM.Audit': 0 },
      '/vms/101': { 'Sys.Audit': 0, 'VM.Audit': 0 },
    })
  })
})
