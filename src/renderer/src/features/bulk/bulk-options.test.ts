import { describe, expect, it } from 'vitest'

import type { FleetItem } from '../../../../shared/model/fleet'
import { indexCluster } from '../../stores/cluster-index'
import { nodeFixture } from '../../test-fixtures'
import {
  backupStorages,
  buildAction,
  defaultForm,
  defaultSnapshotName,
  migrationTargets,
} from './bulk-options'

const form = defaultForm(new Date(2026, 11, 1, 9, 5))

describe('bulk options', () => {
  it('names a guest snapshot by its date, as PVE takes a name', () => {
    expect(defaultSnapshotName(new Date(2026, 11, 1, 9, 5))).toBe('bulk-20261201-0905')
    expect(buildAction('snapshot', form)).toEqual({ kind: 'snapshot', name: 'bulk-20261201-0905' })
  })

  it('makes no action of a name PVE would refuse, nor of a timeout out of range', () => {
    expect(buildAction('snapshot', { ...form, name: '1st' })).toBeUndefined()
    expect(buildAction('snapshot', { ...form, name: 'a b' })).toBeUndefined()
    expect(buildAction('shutdown', { ...form, timeout: 0 })).toBeUndefined()
    expect(buildAction('shutdown', { ...form, timeout: 60, forceStop: true })).toEqual({
      kind: 'shutdown',
      timeout: 60,
      forceStop: true,
    })
  })

  it('sends the target and storage per cluster, and refuses a target that is no node name', () => {
    expect(buildAction('migrate', { ...form, targets: { c1: 'n2' } })).toEqual({
      kind: 'migrate',
      targets: { c1: 'n2' },
      online: true,
    })
    expect(buildAction('migrate', { ...form, targets: { c1: 'n2; rm -rf' } })).toBeUndefined()
    expect(buildAction('backup', { ...form, storages: { c1: 'pbs' } })).toEqual({
      kind: 'backup',
      storages: { c1: 'pbs' },
      mode: 'snapshot',
      compress: 'zstd',
    })
  })

  it('offers a cluster’s online nodes as targets and its backup storages once each, shared first', () => {
    const offline: FleetItem = { ...nodeFixture('c1', 'n3', 'S'), status: 'offline' } as FleetItem
    const storage = (node: string, name: string, content: string[], shared: boolean): FleetItem => ({
      kind: 'storage',
      key: `c1/storage/${node}/${name}`,
      clusterId: 'c1',
      node,
      storage: name,
      status: 'available',
      shared,
      content,
    })
    const items: FleetItem[] = [
      nodeFixture('c1', 'n2', 'S'),
      nodeFixture('c1', 'n1', 'S'),
      offline,
      storage('n1', 'local', ['iso', 'backup'], false),
      storage('n2', 'local', ['iso', 'backup'], false),
      storage('n1', 'pbs', ['backup'], true),
      storage('n1', 'local-lvm', ['images'], false),
    ]
    expect(migrationTargets({ trees: { c1: indexCluster(items) } }, 'c1')).toEqual(['n1', 'n2'])
    expect(backupStorages({ items: { c1: new Map(items.map((i) => [i.key, i])) } }, 'c1')).toEqual([
      { storage: 'pbs', shared: true },
      { storage: 'local', shared: false },
    ])
  })
})
