import type { NetworkInterface } from '../../../../../shared/model/infra-panels'

/** One row of the network hierarchy: the interface, how deep it sits, and what links it to its parent. */
export interface NetworkRow {
  iface: NetworkInterface
  depth: number
  /** `member`: a bridge's port or a bond's slave; `vlan`: a VLAN on its raw device; absent at the top. */
  via?: 'member' | 'vlan'
}

/** A VLAN's raw device: PVE's `vlan-raw-device`, else the name before the dot (`vmbr0.20` → `vmbr0`). */
export function vlanParent(iface: NetworkInterface): string | undefined {
  if (iface.vlanRawDevice !== undefined && iface.vlanRawDevice !== '') return iface.vlanRawDevice
  if (iface.type !== 'vlan') return undefined
  const dot = iface.iface.lastIndexOf('.')
  return dot > 0 ? iface.iface.slice(0, dot) : undefined
}

const ORDER: Record<string, number> = { bridge: 0, OVSBridge: 0, bond: 1, OVSBond: 1, vlan: 2, OVSIntPort: 2 }
const rank = (iface: NetworkInterface): number => ORDER[iface.type] ?? 3

/**
 * The node's interfaces as the operator reads them: each bridge with what it is built on (vmbr0 ← bond0 ← eno1,
 * eno2), VLANs under their raw device, then what nothing uses. A server's answer may name members that do not
 * exist (shown nowhere) or loop (vmbr0 ⊂ bond0 ⊂ vmbr0): every interface is shown once, the first time it is met.
 */
export function networkRows(interfaces: readonly NetworkInterface[]): NetworkRow[] {
  const byName = new Map<string, NetworkInterface>()
  for (const iface of interfaces) if (!byName.has(iface.iface)) byName.set(iface.iface, iface)
  const children = new Map<string, { name: string; via: 'member' | 'vlan' }[]>()
  const hasParent = new Set<string>()
  const link = (parent: string, name: string, via: 'member' | 'vlan'): void => {
    if (parent === name || !byName.has(parent) || !byName.has(name)) return
    const list = children.get(parent) ?? []
    list.push({ name, via })
    children.set(parent, list)
    hasParent.add(name)
  }
  for (const iface of byName.values()) {
    for (const member of iface.members) link(iface.iface, member, 'member')
    const raw = vlanParent(iface)
    if (raw !== undefined) link(raw, iface.iface, 'vlan')
  }
  const rows: NetworkRow[] = []
  const seen = new Set<string>()
  const visit = (name: string, depth: number, via?: 'member' | 'vlan'): void => {
    const iface = byName.get(name)
    if (iface === undefined || seen.has(name)) return
    seen.add(name)
    rows.push(via === undefined ? { iface, depth } : { iface, depth, via })
    // What it is built on first, then the VLANs on it.
    const under = [...(children.get(name) ?? [])].sort((a, b) =>
      a.via === b.via ? 0 : a.via === 'member' ? -1 : 1,
    )
    for (const child of under) visit(child.name, depth + 1, child.via)
  }
  const sorted = [...byName.values()].sort(
    (a, b) => rank(a) - rank(b) || a.iface.localeCompare(b.iface, 'en', { numeric: true }),
  )
  for (const iface of sorted) if (!hasParent.has(iface.iface)) visit(iface.iface, 0)
  // A loop has no top: its interfaces are shown flat at the end rather than lost.
  for (const iface of sorted) visit(iface.iface, 0)
  return rows
}
