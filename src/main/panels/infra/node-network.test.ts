import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { NodeNetworkPanel } from '../../../shared/model/infra-panels'
import { infraAccess, MEGABYTE } from './fake-infra.testing'
import { naturalCompare, networkInterfaces, readNodeNetwork, vlanOf } from './node-network'

describe('node network', () => {
  it('sorts bridges, bonds, VLANs, ports, then the rest, each by name as an operator counts', () => {
    const read = networkInterfaces([
      { iface: 'eno10', type: 'eth' },
      { iface: 'eno2', type: 'eth' },
      { iface: 'vlan30', type: 'vlan', 'vlan-raw-device': 'bond0' },
      { iface: 'bond0', type: 'bond', slaves: 'eno2 eno10' },
      { iface: 'eno2:1', type: 'alias' },
      { iface: 'vmbr1', type: 'bridge', bridge_ports: '' },
      { iface: 'vmbr0', type: 'bridge', bridge_ports: 'bond0', active: 1, autostart: '1' },
      { iface: 'ovs0', type: 'OVSBridge', ovs_ports: 'eno3 int0' },
      { iface: 'wg0', type: 'unknown' },
    ])
    expect(read.map((i) => i.iface)).toEqual([
      'ovs0',
      'vmbr0',
      'vmbr1',
      'bond0',
      'vlan30',
      'eno2',
      'eno10',
      'eno2:1',
      'wg0',
    ])
    expect(read.find((i) => i.iface === 'vmbr0')).toMatchObject({
      members: ['bond0'],
      active: true,
      autostart: true,
    })
    expect(read.find((i) => i.iface === 'vmbr1')).toMatchObject({
      members: [],
      active: false,
      autostart: false,
    })
    expect(read.find((i) => i.iface === 'ovs0')?.members).toEqual(['eno3', 'int0'])
    expect(read.find((i) => i.iface === 'vlan30')).toMatchObject({ vlanId: 30, vlanRawDevice: 'bond0' })
  })

  it('derives a VLAN from its name as PVE does, its own fields first', () => {
    expect(vlanOf('bond0.30', {})).toEqual({ vlanId: 30, vlanRawDevice: 'bond0' })
    expect(vlanOf('eno1.100', { 'vlan-id': '100', 'vlan-raw-device': 'eno1' })).toEqual({
      vlanId: 100,
      vlanRawDevice: 'eno1',
    })
    expect(vlanOf('vlan7', {})).toEqual({ vlanId: 7 })
    expect(vlanOf('bond0.9999', {})).toEqual({ vlanRawDevice: 'bond0' })
    expect(vlanOf('bond0.0', {})).toEqual({ vlanRawDevice: 'bond0' })
  })

  it('compares names naturally, as a total order', () => {
    expect(['eno10', 'eno2', 'eno1', 'bond0'].sort(naturalCompare)).toEqual([
      'bond0',
      'eno1',
      'eno2',
      'eno10',
    ])
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(Math.sign(naturalCompare(a, b))).toBe(-Math.sign(naturalCompare(b, a)) || 0)
      }),
    )
  })

  it('bounds a hostile answer: a million interfaces, megabyte names, junk rows', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => ({ iface: `eth${i}`, type: 'eth' }))
    expect(networkInterfaces(many)).toHaveLength(2_000)
    const [one] = networkInterfaces([
      { iface: MEGABYTE, type: MEGABYTE, bridge_ports: `${MEGABYTE} `.repeat(3), comments: MEGABYTE },
    ])
    expect(NodeNetworkPanel.safeParse({ interfaces: [one] }).success).toBe(true)
    expect(networkInterfaces({ iface: 'not a list' })).toEqual([])
    expect(networkInterfaces([null, 'eth0', { type: 'eth' }, { iface: '' }])).toEqual([])
  })

  it('reads whatever rows a broken server sends, never throwing, always valid', () => {
    const row = fc.record(
      {
        iface: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        type: fc.oneof(fc.constantFrom('bridge', 'bond', 'vlan', 'eth'), fc.anything()),
        active: fc.anything(),
        slaves: fc.anything(),
        bridge_ports: fc.anything(),
        'vlan-id': fc.anything(),
        'vlan-raw-device': fc.anything(),
        mtu: fc.anything(),
        cidr: fc.anything(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.oneof(fc.array(row), fc.anything()), (data) => {
        expect(NodeNetworkPanel.safeParse({ interfaces: networkInterfaces(data) }).success).toBe(true)
      }),
    )
  })

  it('asks /nodes/{node}/network', async () => {
    const { access, calls } = infraAccess({ '/nodes/km4-pve1/network': [{ iface: 'vmbr0', type: 'bridge' }] })
    expect((await readNodeNetwork(access, 'km4-pve1')).interfaces).toHaveLength(1)
    expect(calls.map((c) => c.path)).toEqual(['/nodes/km4-pve1/network'])
  })
})
