// Privileges and built-in roles as pve-access-control's AccessControl.pm builds them from `$privgroups`:
// per category a root/admin/user/audit split, PVE<Cat>Admin = admin+user+audit, PVE<Cat>User = user+audit,
// PVEAdmin = every admin/user/audit privilege but Mapping.Modify, PVEAuditor = every audit privilege.
// PVE 9 replaced VM.Monitor by the VM.GuestAgent.* privileges (pve-devel, July 2025) and added
// VM.Replicate and Sys.AccessNetwork.

interface PrivGroup {
  root: readonly string[]
  admin: readonly string[]
  user: readonly string[]
  audit: readonly string[]
}

function privGroups(major: number): Record<string, PrivGroup> {
  const v9 = major >= 9
  return {
    VM: {
      root: [],
      // prettier-ignore
      admin: [
        'VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.HWType',
        'VM.Config.Options', 'VM.Allocate', 'VM.Clone', ...(v9 ? ['VM.GuestAgent.Unrestricted'] : []),
        'VM.Migrate', ...(v9 ? ['VM.Replicate'] : ['VM.Monitor']), 'VM.Snapshot', 'VM.Snapshot.Rollback',
      ],
      // prettier-ignore
      user: [
        'VM.Config.CDROM', 'VM.Config.Cloudinit', 'VM.Console', 'VM.Backup',
        ...(v9 ? ['VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite'] : []),
        'VM.PowerMgmt',
      ],
      audit: v9 ? ['VM.Audit', 'VM.GuestAgent.Audit'] : ['VM.Audit'],
    },
    Sys: {
      root: ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', ...(v9 ? ['Sys.AccessNetwork'] : [])],
      admin: ['Sys.Console', 'Sys.Syslog'],
      user: [],
      audit: ['Sys.Audit'],
    },
    Datastore: {
      root: [],
      admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'],
      user: ['Datastore.AllocateSpace'],
      audit: ['Datastore.Audit'],
    },
    SDN: { root: [], admin: ['SDN.Allocate', 'SDN.Audit'], user: ['SDN.Use'], audit: ['SDN.Audit'] },
    User: {
      root: ['Realm.Allocate'],
      admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'],
      user: [],
      audit: [],
    },
    Pool: { root: [], admin: ['Pool.Allocate'], user: ['Pool.Audit'], audit: ['Pool.Audit'] },
    Mapping: { root: [], admin: ['Mapping.Modify'], user: ['Mapping.Use'], audit: ['Mapping.Audit'] },
  }
}

export const ADMINISTRATOR = 'Administrator'
export const NO_ACCESS = 'NoAccess'

export interface RoleSet {
  /** Every privilege this PVE version knows, sorted. */
  readonly valid: readonly string[]
  /** Built-in ("special") roles: name → sorted privileges. */
  readonly builtin: ReadonlyMap<string, readonly string[]>
}

const sorted = (privs: Iterable<string>): string[] => [...new Set(privs)].sort()

export function builtinRoles(major: number): RoleSet {
  const groups = privGroups(major)
  const roles = new Map<string, Set<string>>()
  const add = (role: string, privs: readonly string[]): void => {
    const set = roles.get(role) ?? new Set<string>()
    for (const p of privs) set.add(p)
    roles.set(role, set)
  }
  const valid = new Set<string>(['Permissions.Modify'])
  add(NO_ACCESS, [])
  add('PVEAdmin', [])
  add('PVEAuditor', [])
  for (const [cat, group] of Object.entries(groups)) {
    for (const p of [...group.root, ...group.admin, ...group.user, ...group.audit]) valid.add(p)
    const staff = [...group.admin, ...group.user, ...group.audit]
    if (group.admin.length > 0) add(`PVE${cat}Admin`, staff)
    if (group.user.length > 0) add(`PVE${cat}User`, [...group.user, ...group.audit])
    add('PVEAdmin', staff)
    add('PVEAuditor', group.audit)
  }
  // Only Administrator, root@pam and PVEMappingAdmin may modify mappings.
  roles.get('PVEAdmin')?.delete('Mapping.Modify')
  add('PVETemplateUser', ['VM.Clone', 'VM.Audit'])
  add(ADMINISTRATOR, [...valid])
  const builtin = new Map([...roles].map(([name, privs]) => [name, sorted(privs)] as const))
  return { valid: sorted(valid), builtin }
}
