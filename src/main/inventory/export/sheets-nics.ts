import { NIC_MODELS } from '../../panels/guest/guest-devices'
import type { Cell, Sheet } from './cells'
import { columns, num, text, yesNo } from './cells'
import type { ClusterFacts } from './fleet-facts'
import { configKeys, NIC, parsePropertyString } from './property-string'
import { guestRows, str } from './sheets-guests'

/** NICs: one row per network device of a guest, its property string read into columns. */

/** qemu-server's NIC models: the first `model=MAC` pair of a VM's `netN`. */
const QEMU_MODELS = NIC_MODELS

export function nicsSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const type of ['qemu', 'lxc'] as const) {
    for (const c of guestRows(facts, type)) {
      const k = c.config
      if (k === undefined) continue
      for (const key of configKeys(k, NIC, ['net'])) {
        const p = parsePropertyString(str(k[key]) ?? '')
        const v = p.values
        let model: string | undefined
        let mac: string | undefined
        if (type === 'qemu') {
          const first = [...v.entries()].find(([m]) => QEMU_MODELS.has(m)) ?? p.first
          model = first?.[0] ?? v.get('model')
          mac = first?.[1] ?? v.get('macaddr')
        } else {
          model = v.get('type') ?? 'veth'
          mac = v.get('hwaddr')
        }
        const index = key.slice(3)
        const ipconfig = type === 'qemu' ? parsePropertyString(str(k[`ipconfig${index}`]) ?? '').values : v
        const agentIps =
          type === 'qemu'
            ? (c.guest?.agent?.interfaces ?? [])
                .filter(
                  (i) =>
                    typeof i['hardware-address'] === 'string' &&
                    mac !== undefined &&
                    i['hardware-address'].toLowerCase() === mac.toLowerCase(),
                )
                .flatMap((i) => (Array.isArray(i['ip-addresses']) ? i['ip-addresses'] : []))
                .map((a) =>
                  a !== null && typeof a === 'object' && !Array.isArray(a) ? str(a['ip-address']) : undefined,
                )
                .filter((a): a is string => a !== undefined)
            : []
        rows.push([
          c.f.cluster.id,
          c.f.siteOf(c.node),
          c.node,
          c.vmid,
          c.name,
          type === 'qemu' ? 'VM' : 'CT',
          key,
          type === 'lxc' ? (v.get('name') ?? null) : null,
          model ?? null,
          mac ?? null,
          v.get('bridge') ?? null,
          num(v.get('tag')),
          text(v.get('trunks')),
          yesNo(v.get('firewall'), false),
          yesNo(v.get('link_down'), false),
          num(v.get('rate')),
          num(v.get('mtu')),
          ipconfig.get('ip') ?? null,
          ipconfig.get('gw') ?? null,
          ipconfig.get('ip6') ?? null,
          agentIps.join(', ') || null,
        ])
      }
    }
  }
  return {
    name: 'NICs',
    columns: columns(
      'Cluster',
      'Site',
      'Node',
      ['VMID', 'integer'],
      'Guest',
      'Type',
      'Device',
      'Interface name',
      'Model',
      'MAC address',
      'Bridge',
      ['VLAN tag', 'integer'],
      'Trunks',
      'Firewall',
      'Link down',
      ['Rate limit (MB/s)', 'decimal'],
      ['MTU', 'integer'],
      'IPv4 (config)',
      'Gateway (config)',
      'IPv6 (config)',
      'Addresses (agent)',
    ),
    rows,
  }
}
