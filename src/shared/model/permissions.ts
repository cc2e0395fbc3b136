/**
 * Proxmox VE privileges as `GET /access/permissions` reports them: for each ACL path the user's effective
 * privileges (`{"/vms/100": {"VM.PowerMgmt": 1}}`), propagation already applied by the server. A path that is not
 * listed inherits from its nearest listed parent, which is how PVE's own GUI reads this map.
 */
export type PermissionMap = Readonly<Record<string, Readonly<Record<string, number>>>>

/** Parents of a PVE ACL path, nearest first: `/vms/100` → `/vms/100`, `/vms`, `/`. */
export function aclPathChain(path: string): string[] {
  const parts = path.split('/').filter(Boolean)
  const chain: string[] = []
  for (let i = parts.length; i > 0; i--) chain.push(`/${parts.slice(0, i).join('/')}`)
  chain.push('/')
  return chain
}

/** May the user use `privilege` on `path`? The nearest listed path decides. */
export function can(permissions: PermissionMap | undefined, path: string, privilege: string): boolean {
  if (permissions === undefined) return false
  for (const candidate of aclPathChain(path)) {
    const privileges = permissions[candidate]
    if (privileges !== undefined) return (privileges[privilege] ?? 0) > 0
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
