import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import type { BulkAction, BulkPlanEntry } from '../../shared/model/bulk'
import type { FleetGuest } from '../../shared/model/fleet'
import type { PveClient } from '../pve/pve-client'
import { checkMigrations, migrationSkip } from './bulk-preconditions'
import type { ClusterAccess } from './cluster-access'
import type { Precondition } from './guest-reads'

const pre = (patch: Partial<Precondition> = {}): Precondition => ({
  running: true,
  allowed: new Set(['b']),
  notAllowed: new Map(),
  localDisks: [],
  localResources: [],
  mapped: [],
  notLive: [],
  ...patch,
})
const disk = (
  volid: string,
  patch: Partial<Precondition['localDisks'][number]> = {},
): Precondition['localDisks'][number] => ({
  volid,
  attached: true,
  cloudinit: false,
  ...patch,
})

describe('migrationSkip: what PVE would refuse, from its precondition', () => {
  it('lets a VM on shared storage go, running or not', () => {
    expect(migrationSkip(pre(), 'b')).toBeUndefined()
    expect(migrationSkip(pre({ running: false }), 'b')).toBeUndefined()
  })

  it('skips a target PVE does not allow, with why', () => {
    const why = migrationSkip(
      pre({ allowed: new Set(), notAllowed: new Map([['b', 'storage not available: local-zfs']]) }),
      'b',
    )
    expect(why).toEqual({ skip: 'target_not_allowed', detail: 'b: storage not available: local-zfs' })
    // Without allowed_nodes (an older answer), only not_allowed_nodes counts.
    expect(migrationSkip(pre({ allowed: undefined }), 'b')).toBeUndefined()
    expect(migrationSkip(pre({ allowed: undefined, notAllowed: new Map([['b', 'x']]) }), 'b')?.skip).toBe(
      'target_not_allowed',
    )
  })

  it('skips a running VM with an attached local disk, naming it; offline PVE copies it', () => {
    const local = pre({ localDisks: [disk('local-lvm:vm-100-disk-0')] })
    expect(migrationSkip(local, 'b')).toEqual({ skip: 'local_disks', detail: 'local-lvm:vm-100-disk-0' })
    expect(migrationSkip({ ...local, running: false }, 'b')).toBeUndefined()
    // An unused volume or a cloud-init drive (generated again on the target) is no reason.
    expect(
      migrationSkip(
        pre({
          localDisks: [
            disk('local-lvm:vm-100-disk-1', { attached: false }),
            disk('local-lvm:vm-100-cloudinit', { cloudinit: true, cdrom: true }),
          ],
        }),
        'b',
      ),
    ).toBeUndefined()
  })

  it('skips a local CD/DVD image even offline; names five volumes and counts the rest', () => {
    const iso = pre({ running: false, localDisks: [disk('local:iso/debian.iso', { cdrom: true })] })
    expect(migrationSkip(iso, 'b')).toEqual({ skip: 'local_disks', detail: 'CD/DVD local:iso/debian.iso' })
    const many = pre({ localDisks: Array.from({ length: 7 }, (_, i) => disk(`l:vm-100-disk-${i}`)) })
    expect(migrationSkip(many, 'b')?.detail).toBe(
      'l:vm-100-disk-0, l:vm-100-disk-1, l:vm-100-disk-2, l:vm-100-disk-3, l:vm-100-disk-4 (+2)',
    )
  })

  it('skips a local device, not a mapped one; a mapped one PVE cannot move live only while running', () => {
    expect(migrationSkip(pre({ running: false, localResources: ['hostpci0', 'usb0'] }), 'b')).toEqual({
      skip: 'local_resources',
      detail: 'hostpci0, usb0',
    })
    const mapped = pre({ localResources: ['hostpci0'], mapped: ['hostpci0'] })
    expect(migrationSkip(mapped, 'b')).toBeUndefined()
    const notLive = { ...mapped, notLive: ['hostpci0'] }
    expect(migrationSkip(notLive, 'b')).toEqual({
      skip: 'local_resources',
      detail: 'hostpci0: not live-migratable',
    })
    expect(migrationSkip({ ...notLive, running: false }, 'b')).toBeUndefined()
  })
})

const guest = (vmid: number, type: 'qemu' | 'lxc' = 'qemu', clusterId = 'c'): FleetGuest => ({
  key: `${clusterId}/${type}/${vmid}`,
  clusterId,
  kind: 'guest',
  type,
  vmid,
  node: 'a',
  name: `g${vmid}`,
  status: 'running',
  template: false,
  tags: [],
})
const entryOf = (g: FleetGuest, run = true): BulkPlanEntry => ({
  key: g.key,
  clusterId: g.clusterId,
  vmid: g.vmid,
  name: g.name,
  type: g.type,
  node: g.node,
  site: 'Near',
  run,
  target: 'b',
  ...(run ? {} : { skip: 'already' as const }),
})
const MIGRATE: BulkAction = { kind: 'migrate', targets: { c: 'b', d: 'b' }, online: true }

type Answer = (path: string, signal: AbortSignal | undefined) => Promise<unknown>

/** A cluster whose precondition answers come from `answer`; counts the reads in flight at most. */
function accessOf(answer: Answer): { access: ClusterAccess; paths: string[]; peak: () => number } {
  const paths: string[] = []
  let inFlight = 0
  let peak = 0
  const client = {
    call: async (_method: string, path: string, _params: unknown, signal?: AbortSignal) => {
      paths.push(path)
      peak = Math.max(peak, ++inFlight)
      try {
        return await answer(path, signal)
      } finally {
        inFlight--
      }
    },
  }
  return {
    paths,
    peak: () => peak,
    access: {
      clusterId: 'c',
      readOnly: false,
      // Only `call` is used by the precondition read.
      client: client as unknown as PveClient,
      guest: () => Promise.reject(new Error('not read')),
      can: () => Promise.resolve(true),
      siteOf: () => 'Near',
      nodes: () => Promise.resolve([]),
    },
  }
}

const localDiskAnswer = {
  running: 1,
  allowed_nodes: ['b'],
  not_allowed_nodes: {},
  local_disks: [{ volid: 'local-lvm:vm-101-disk-0', is_attached: 1, size: 1 }],
  local_resources: [],
}
const sharedAnswer = { running: 1, allowed_nodes: ['b'], not_allowed_nodes: {}, local_disks: [] }

/** Never answers until its signal aborts (as a client whose call is aborted). */
const hang: Answer = (_path, signal) =>
  new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new AppError({ code: 'cancelled', message: 'aborted' })))
  })

describe('checkMigrations: a bulk migration plan judged by PVE', () => {
  it('skips the VM PVE would refuse with its disk, lets the others and containers go, keeps the order', async () => {
    const guests = [guest(100), guest(101), guest(102, 'lxc'), guest(103)]
    const entries = [...guests.slice(0, 3).map((g) => entryOf(g)), entryOf(guests[3] as FleetGuest, false)]
    const { access, paths } = accessOf((path) =>
      Promise.resolve(path.endsWith('/101/migrate') ? localDiskAnswer : sharedAnswer),
    )
    const out = await checkMigrations(MIGRATE, entries, guests, () => access)
    expect(out.map((e) => [e.vmid, e.run, e.skip, e.detail])).toEqual([
      [100, true, undefined, undefined],
      [101, false, 'local_disks', 'local-lvm:vm-101-disk-0'],
      [102, true, undefined, undefined],
      [103, false, 'already', undefined],
    ])
    // Only the qemu VMs that would run are asked; the container and the skipped VM are not.
    expect(paths.sort()).toEqual(['/nodes/a/qemu/100/migrate', '/nodes/a/qemu/101/migrate'])
  })

  it('asks at most 4 at once per cluster', async () => {
    const guests = Array.from({ length: 12 }, (_, i) => guest(100 + i))
    const { access, peak, paths } = accessOf(async () => {
      await new Promise((r) => setImmediate(r))
      return sharedAnswer
    })
    const out = await checkMigrations(
      MIGRATE,
      guests.map((g) => entryOf(g)),
      guests,
      () => access,
    )
    expect(out.every((e) => e.run)).toBe(true)
    expect(paths).toHaveLength(12)
    expect(peak()).toBe(4)
  })

  it('a read that fails or never answers is a skip with the error, not a crash', async () => {
    const guests = [guest(100), guest(101), guest(102, 'qemu', 'd')]
    const { access } = accessOf((path, signal) =>
      path.includes('/100/')
        ? Promise.reject(new AppError({ code: 'forbidden', message: 'Permission check failed (VM.Audit)' }))
        : hang(path, signal),
    )
    const out = await checkMigrations(
      MIGRATE,
      guests.map((g) => entryOf(g)),
      guests,
      (id) => {
        if (id === 'd') throw new AppError({ code: 'not_found', message: 'no cluster d' })
        return access
      },
      { timeoutMs: 20 },
    )
    expect(out.map((e) => [e.vmid, e.run, e.skip, e.detail])).toEqual([
      [100, false, 'precondition_failed', 'forbidden: Permission check failed (VM.Audit)'],
      [101, false, 'precondition_failed', 'no answer within 0.02 s'],
      [102, false, 'precondition_failed', 'no cluster d'],
    ])
  })

  it('is cancelled with the plan: the reads under way are aborted and the plan refused', async () => {
    const guests = [guest(100), guest(101)]
    const plan = new AbortController()
    const { access, paths } = accessOf((path, signal) => {
      if (paths.length === 2) plan.abort()
      return hang(path, signal)
    })
    await expect(
      checkMigrations(
        MIGRATE,
        guests.map((g) => entryOf(g)),
        guests,
        () => access,
        {
          signal: plan.signal,
          timeoutMs: 60_000,
        },
      ),
    ).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('leaves any other action’s plan as it is, asking nothing', async () => {
    const guests = [guest(100)]
    const { access, paths } = accessOf(() => Promise.resolve(localDiskAnswer))
    const out = await checkMigrations(
      { kind: 'stop' },
      [entryOf(guests[0] as FleetGuest)],
      guests,
      () => access,
    )
    expect(out[0]?.run).toBe(true)
    expect(paths).toEqual([])
  })
})

describe('the precondition as each PVE release spells it, read by the one reader', () => {
  const judged = async (answer: unknown): Promise<BulkPlanEntry | undefined> => {
    const guests = [guest(100)]
    const { access } = accessOf(() => Promise.resolve(answer))
    return (await checkMigrations(MIGRATE, [entryOf(guests[0] as FleetGuest)], guests, () => access))[0]
  }

  it('PVE 7 (referenced_in_config, no is_attached): a configured disk blocks, an unused one not', async () => {
    const base = { running: 1, allowed_nodes: ['b'], not_allowed_nodes: {}, local_resources: [] }
    const used = { volid: 'local-lvm:vm-100-disk-0', referenced_in_config: 1 }
    const unused = { volid: 'local-lvm:vm-100-disk-1', referenced_in_config: 1, is_unused: 1 }
    expect(await judged({ ...base, local_disks: [unused] })).toMatchObject({ run: true })
    expect(await judged({ ...base, local_disks: [used, unused] })).toMatchObject({
      run: false,
      skip: 'local_disks',
      detail: 'local-lvm:vm-100-disk-0',
    })
  })

  it('PVE 9: mapped resources, their live-migration flag and a target without the mapping', async () => {
    const base = { running: 1, allowed_nodes: ['b'], not_allowed_nodes: {}, local_disks: [] }
    const mapped = { ...base, local_resources: ['hostpci0'], 'mapped-resources': ['hostpci0'] }
    expect(await judged(mapped)).toMatchObject({ run: true })
    expect(
      await judged({ ...mapped, 'mapped-resource-info': { hostpci0: { 'live-migration': 0 } } }),
    ).toMatchObject({ skip: 'local_resources', detail: 'hostpci0: not live-migratable' })
    expect(
      await judged({
        ...base,
        allowed_nodes: [],
        not_allowed_nodes: { b: { 'unavailable-resources': ['gpu-a'] } },
      }),
    ).toMatchObject({ skip: 'target_not_allowed', detail: 'b: no mapping there for: gpu-a' })
  })

  it('a hostile answer (wrong types everywhere) is read as nothing in the way, never a throw', async () => {
    const out = await judged({
      running: 'yes',
      allowed_nodes: 'b',
      not_allowed_nodes: [],
      local_disks: [null, 7, { volid: 5 }],
      local_resources: { a: 1 },
      'mapped-resources': 'x',
      'mapped-resource-info': [1],
    })
    expect(out).toMatchObject({ run: true })
  })
})
