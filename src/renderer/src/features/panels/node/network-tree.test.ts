import { describe, expect, it } from 'vitest'

import type { NetworkInterface } from '../../../../../shared/model/infra-panels'
import { networkRows } from './network-tree'

const iface = (name: string, type: string, patch: Partial<NetworkInterface> = {}): NetworkInterface => ({
  iface: name,
  type,
  active: true,
  autostart: true,
  members: [],
  ...patch,
})

const shape = (list: NetworkInterface[]): string[] =>
  networkRows(list).map(
    (row) => `${'  '.repeat(row.depth)}${row.iface.iface}${row.via ? ` (${row.via})` : ''}`,
  )

describe('network hierarchy', () => {
  it('shows a bridge on a bond on two ports, and a VLAN on the bridge', () => {
    expect(
      shape([
        iface('eno2', 'eth'),
        iface('vmbr0.20', 'vlan', { vlanId: 20 }),
        iface('eno1', 'eth'),
        iface('bond0', 'bond', { members: ['eno1', 'eno2'] }),
        iface('vmbr0', 'bridge', { members: ['bond0'] }),
        iface('eno3', 'eth'),
      ]),
    ).toEqual([
      'vmbr0',
      '  bond0 (member)',
      '    eno1 (member)',
      '    eno2 (member)',
      '  vmbr0.20 (vlan)',
      'eno3',
    ])
  })

  it('puts a VLAN under its vlan-raw-device when its name does not say it', () => {
    expect(shape([iface('vlan30', 'vlan', { vlanRawDevice: 'bond0' }), iface('bond0', 'bond')])).toEqual([
      'bond0',
      '  vlan30 (vlan)',
    ])
  })

  it('shows every interface once when a hostile answer loops or names members that do not exist', () => {
    const rows = shape([
      iface('vmbr0', 'bridge', { members: ['bond0', 'ghost'] }),
      iface('bond0', 'bond', { members: ['vmbr0', 'bond0'] }),
      iface('vmbr0', 'bridge'),
    ])
    expect(rows.map((r) => r.trim().split(' ')[0]).sort()).toEqual(['bond0', 'vmbr0'])
  })
})
