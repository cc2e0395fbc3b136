import type { NetworkInterface, NodeNetworkPanel } from '../../../shared/model/infra-panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { Raw } from '../pve-read'
import { defined, flagOf, integer, records, text, truthy, words } from '../pve-read'
import { get, nodePath } from './parts'

/** Interfaces of one node, at most (a real node has tens; the model allows this many). */
const MAX_INTERFACES = 2_000
const MAX_MEMBERS = 256

/** Bridges first (what guests plug into), then bonds, VLANs, physical ports, the rest: as an operator reads it. */
const TYPE_ORDER: Readonly<Record<string, number>> = {
  bridge: 0,
  OVSBridge: 0,
  bond: 1,
  OVSBond: 1,
  vlan: 2,
  OVSIntPort: 2,
  eth: 3,
  OVSPort: 3,
  alias: 4,
}
const rankOf = (type: string): number => TYPE_ORDER[type] ?? 5

/** `eno2` before `eno10`: digits compared as numbers, the rest by code unit (no locale in main). */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? []
  const pb = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string
    const y = pb[i] as string
    const numeric = /^\d/.test(x) && /^\d/.test(y)
    const c = numeric ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0
    if (c !== 0) return c
  }
  return pa.length - pb.length
}

/**
 * A VLAN's id and raw device as PVE derives them (pve-common INotify.pm `__read_etc_network_interfaces`): from
 * the name `bond0.30` (device `bond0`, id 30), else from `vlan-id` / `vlan-raw-device` (`vlan30` with
 * `vlan-raw-device bond0`). PVE 7+ sends both fields; older ones only the name tells.
 */
export function vlanOf(iface: string, row: Raw): { vlanId?: number; vlanRawDevice?: string } {
  const dotted = /^(\S+)\.(\d{1,4})$/.exec(iface)
  const named = /^vlan(\d{1,4})$/.exec(iface)
  const id = integer(row['vlan-id']) ?? integer(dotted?.[2] ?? named?.[1])
  const device = text(row['vlan-raw-device']) ?? dotted?.[1]
  return defined({
    vlanId: id !== undefined && id >= 1 && id <= 4094 ? id : undefined,
    vlanRawDevice: device,
  })
}

/** A bridge's ports, a bond's slaves (Linux or Open vSwitch). */
function membersOf(row: Raw): string[] {
  for (const field of ['bridge_ports', 'slaves', 'ovs_ports', 'ovs_bonds'])
    if (row[field] !== undefined) return words(row[field], MAX_MEMBERS)
  return []
}

export function networkInterface(row: Raw): NetworkInterface | undefined {
  const iface = text(row.iface)
  if (iface === undefined || iface === '') return undefined
  const type = text(row.type) ?? 'unknown'
  const vlan = type === 'vlan' || /\.\d+$|^vlan\d+$/.test(iface) ? vlanOf(iface, row) : {}
  return defined({
    iface,
    type,
    active: truthy(row.active),
    autostart: truthy(row.autostart),
    method: text(row.method),
    method6: text(row.method6),
    cidr: text(row.cidr),
    address: text(row.address),
    netmask: text(row.netmask),
    gateway: text(row.gateway),
    cidr6: text(row.cidr6),
    gateway6: text(row.gateway6),
    members: membersOf(row),
    bondMode: text(row.bond_mode),
    ...vlan,
    vlanAware: flagOf(row.bridge_vlan_aware),
    mtu: integer(row.mtu),
    comments: text(row.comments, 8_192),
  })
}

/** `GET /nodes/{node}/network` sorted bridges, bonds, VLANs, physical, others; each by name. */
export function networkInterfaces(data: unknown): NetworkInterface[] {
  return records(data, MAX_INTERFACES)
    .flatMap((row) => {
      const one = networkInterface(row)
      return one === undefined ? [] : [one]
    })
    .sort((a, b) => rankOf(a.type) - rankOf(b.type) || naturalCompare(a.iface, b.iface))
}

export async function readNodeNetwork(
  access: ClusterAccess,
  node: string,
  signal?: AbortSignal,
): Promise<NodeNetworkPanel> {
  return { interfaces: networkInterfaces(await get(access, `${nodePath(access, node)}/network`, {}, signal)) }
}
