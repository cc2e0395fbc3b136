import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import type { FleetGuest, FleetNode } from '../../shared/model/fleet'
import type { PveClient } from '../pve/pve-client'
import type { ClusterAccess } from './cluster-access'
import { checkMigration, listBackupTargets, listGuestSnapshots } from './guest-reads'

const guest = (type: 'qemu' | 'lxc'): FleetGuest => ({
  key: `c/${type}/100`,
  clusterId: 'c',
  kind: 'guest',
  type,
  vmid: 100,
  node: 'a',
  name: 'web',
  status: 'running',
  template: false,
  tags: [],
})
const node = (name: string, status: FleetNode['status'] = 'online'): FleetNode => ({
  key: `c/node/${name}`,
  clusterId: 'c',
  kind: 'node',
  node: name,
  site: '',
  status,
  cpu: 0.25,
  maxcpu: 8,
  mem: 1,
  maxmem: 4,
})

/** A server answering `answer` for every call (or throwing it), as hostile as the test wants. */
function accessAnswering(
  answer: unknown,
  type: 'qemu' | 'lxc' = 'qemu',
): { access: ClusterAccess; calls: string[] } {
  const calls: string[] = []
  const client = {
    call: (method: string, path: string, params?: Record<string, unknown>) => {
      calls.push(`${method} ${path}${params === undefined ? '' : ` ${JSON.stringify(params)}`}`)
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
    },
  }
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: false,
      // Only `call` is used by the reads.
      client: client as unknown as PveClient,
      guest: () => Promise.resolve(guest(type)),
      can: () => Promise.resolve(true),
      siteOf: (n) => (n === 'c' ? 'Far' : 'Near'),
      nodes: () => Promise.resolve([node('a'), node('b'), node('c'), node('d', 'offline')]),
    },
  }
}

describe('checkMigration', () => {
  it('reads qemu’s precondition: allowed nodes, why the others are not, local disks and resources', async () => {
    const { access } = accessAnswering({
      running: 1,
      allowed_nodes: ['b', 'ghost'],
      not_allowed_nodes: { c: { unavailable_storages: ['local-zfs'] } },
      local_disks: [{ volid: 'local-lvm:vm-100-disk-0', size: 34359738368 }, { volid: 7 }],
      local_resources: ['hostpci0'],
    })
    const check = await checkMigration(access, 100)
    expect(check).toMatchObject({
      node: 'a',
      running: true,
      localDisks: [{ volid: 'local-lvm:vm-100-disk-0', size: 34359738368 }],
      localResources: ['hostpci0'],
    })
    // Only nodes the cluster lists are targets ('ghost' is not one); an offline one is never allowed.
    expect(check.targets).toEqual([
      { node: 'b', site: 'Near', online: true, allowed: true, cpu: 0.25, maxcpu: 8, mem: 1, maxmem: 4 },
      expect.objectContaining({
        node: 'c',
        site: 'Far',
        allowed: false,
        notAllowedReason: 'storage not available: local-zfs',
      }),
      expect.objectContaining({ node: 'd', online: false, allowed: false, notAllowedReason: 'node offline' }),
    ])
  })

  it('reads pve-container’s spelling, and builds the precondition itself where PVE has none (501)', async () => {
    const { access } = accessAnswering(
      {
        running: 0,
        'allowed-nodes': ['c'],
        'not-allowed-nodes': {
          b: { 'blocking-ha-resources': [{ sid: 'ct:101', cause: 'resource-affinity' }] },
        },
      },
      'lxc',
    )
    const check = await checkMigration(access, 100)
    expect(check.running).toBe(false)
    expect(check.targets.map((t) => [t.node, t.allowed, t.notAllowedReason])).toEqual([
      ['b', false, 'blocked by HA resources: ct:101 (resource-affinity)'],
      ['c', true, undefined],
      ['d', false, 'node offline'],
    ])
    const old = accessAnswering(
      new AppError({
        code: 'pve_error',
        message: "Method 'GET /nodes/a/lxc/100/migrate' not implemented",
        detail: { status: '501' },
      }),
      'lxc',
    )
    expect((await checkMigration(old.access, 100)).targets.map((t) => [t.node, t.allowed])).toEqual([
      ['b', true],
      ['c', true],
      ['d', false],
    ])
  })

  it('passes PVE’s refusal on for a VM (no precondition made up)', async () => {
    const { access } = accessAnswering(
      new AppError({ code: 'forbidden', message: 'Permission check failed (/vms/100, VM.Migrate)' }),
    )
    await expect(checkMigration(access, 100)).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('survives a hostile answer: wrong types, a million disks', async () => {
    const { access } = accessAnswering({
      running: 'yes',
      allowed_nodes: 'b',
      not_allowed_nodes: [1, 2],
      local_disks: Array.from({ length: 1_000_000 }, (_, i) => ({ volid: `x:${i}` })),
      local_resources: [{}, 'usb0'],
    })
    const check = await checkMigration(access, 100)
    expect(check.localDisks.length).toBe(1_000)
    expect(check.localResources).toEqual(['usb0'])
    expect(check.running).toBe(false)
  })
})

describe('listBackupTargets', () => {
  it('asks for enabled backup storages on the guest’s node and keeps the active ones', async () => {
    const { access, calls } = accessAnswering([
      {
        storage: 'local',
        type: 'dir',
        content: 'iso,backup,vztmpl',
        shared: 0,
        active: 1,
        avail: 10,
        total: 20,
      },
      { storage: 'pbs-yakro', type: 'pbs', content: 'backup', shared: 1, active: 0 },
      { storage: 'local-lvm', type: 'lvmthin', content: 'images,rootdir', active: 1 },
      { storage: '../etc', content: 'backup', active: 1 },
      'junk',
    ])
    expect(await listBackupTargets(access, 100)).toEqual([
      { storage: 'local', plugintype: 'dir', shared: false, avail: 10, total: 20 },
    ])
    expect(calls).toEqual(['GET /nodes/a/storage {"content":"backup","enabled":true}'])
  })
})

describe('listGuestSnapshots', () => {
  it('lists NOW as current (its running flag is no RAM state) and each snapshot’s own vmstate', async () => {
    const { access } = accessAnswering([
      { name: 'before', snaptime: 1700000000, vmstate: 1, description: 'kernel' },
      { name: 'after', parent: 'before', snaptime: '1700000100' },
      { name: 'current', parent: 'after', running: 1, description: 'You are here!' },
      { name: 42 },
    ])
    expect(await listGuestSnapshots(access, 100)).toEqual([
      { name: 'before', current: false, vmstate: true, description: 'kernel', snaptime: 1700000000 },
      { name: 'after', current: false, vmstate: false, parent: 'before', snaptime: 1700000100 },
      { name: 'current', current: true, vmstate: false, parent: 'after', description: 'You are here!' },
    ])
  })
})
