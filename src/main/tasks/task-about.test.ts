import { describe, expect, it } from 'vitest'

import type { PveTask } from '../../shared/model/task'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import { aboutTask } from './task-about'

const task = (vmid?: number, clusterId = 'ace-prod'): PveTask => ({
  key: `${clusterId}/UPID:x`,
  clusterId,
  upid: 'UPID:x',
  node: 'km4-pve1',
  type: vmid === undefined ? 'aptupdate' : 'qmstart',
  id: vmid === undefined ? '' : String(vmid),
  ...(vmid === undefined ? {} : { vmid }),
  user: 'noc@pve',
  starttime: 1,
  state: 'ok',
  mine: true,
})

// The part of ClusterRegistry aboutTask reads.
const registry = {
  has: (id: string) => id === 'ace-prod',
  get: () => ({
    config: { name: 'ACE production' },
    items: [
      { kind: 'node', node: 'km4-pve1' },
      { kind: 'guest', vmid: 101, name: 'naorlo-db01' },
      { kind: 'guest', vmid: 102, name: '' },
    ],
  }),
} as unknown as ClusterRegistry

describe('aboutTask', () => {
  it('names the cluster and the guest the inventory knows', () => {
    expect(aboutTask(registry, task(101))).toEqual({ cluster: 'ACE production', guestName: 'naorlo-db01' })
    expect(aboutTask(registry, task(102))).toEqual({ cluster: 'ACE production' })
    expect(aboutTask(registry, task(999))).toEqual({ cluster: 'ACE production' })
    expect(aboutTask(registry, task())).toEqual({ cluster: 'ACE production' })
  })

  it('names nothing for a cluster that is gone', () => {
    expect(aboutTask(registry, task(101, 'removed'))).toEqual({})
  })
})
