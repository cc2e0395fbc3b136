import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { BulkAction } from '../model/bulk'
import { BulkPlanEntry } from '../model/bulk'
import type { FleetGuest } from '../model/fleet'
import type { PermissionMap } from '../model/permissions'
import type { PlanCluster } from './bulk-plan'
import { planBulk } from './bulk-plan'

const guest = (vmid: number, patch: Partial<FleetGuest> = {}): FleetGuest => ({
  kind: 'guest',
  key: `${patch.clusterId ?? 'ace'}/${patch.type ?? 'qemu'}/${vmid}`,
  clusterId: 'ace',
  type: 'qemu',
  vmid,
  node: 'n1',
  name: `vm-${vmid}`,
  status: 'running',
  template: false,
  tags: [],
  ...patch,
})

/** As PVE lists a role granted on `/` with propagation: on every path it walks. */
const GRANTED = {
  'VM.PowerMgmt': 1,
  'VM.Migrate': 1,
  'VM.Backup': 1,
  'VM.Snapshot': 1,
  'Datastore.AllocateSpace': 1,
}
const ALL: PermissionMap = { '/': GRANTED, '/vms': GRANTED, '/storage': GRANTED }
const cluster = (patch: Partial<PlanCluster> = {}): PlanCluster => ({
  clusterId: 'ace',
  readOnly: false,
  reachable: true,
  permissions: ALL,
  siteOf: (node) => (node === 'n2' ? 'VITIB' : 'Km4'),
  onlineNodes: new Set(['n1', 'n2']),
  ...patch,
})
const clusters = (patch: Partial<PlanCluster> = {}): Map<string, PlanCluster> =>
  new Map([['ace', cluster(patch)]])

/** The one guest's verdict: 'run', or the reason and its detail. */
const verdict = (action: BulkAction, g: FleetGuest, patch: Partial<PlanCluster> = {}): string => {
  const [entry] = planBulk(action, [g], clusters(patch))
  if (entry === undefined) throw new Error('no entry')
  return entry.run ? 'run' : [entry.skip, entry.detail].filter(Boolean).join(' ')
}

const start: BulkAction = { kind: 'start' }
const stop: BulkAction = { kind: 'stop' }
const shutdown: BulkAction = { kind: 'shutdown' }
const reboot: BulkAction = { kind: 'reboot' }
const suspend: BulkAction = { kind: 'suspend' }
const resume: BulkAction = { kind: 'resume' }
const migrate: BulkAction = { kind: 'migrate', targets: { ace: 'n2' }, online: true }
const backup: BulkAction = { kind: 'backup', storages: { ace: 'pbs' }, mode: 'snapshot', compress: 'zstd' }
const snapshot: BulkAction = { kind: 'snapshot', name: 'before_upgrade', vmstate: true }

const stopped = guest(100, { status: 'stopped' })
const running = guest(101)
const paused = guest(102, { qmpstatus: 'paused' })
const hibernated = guest(103, { status: 'stopped', lock: 'suspended' })

describe('planBulk: each reason', () => {
  it('describes each guest with its site, target and key', () => {
    const [entry] = planBulk(migrate, [guest(101, { node: 'n1', name: 'web' })], clusters())
    expect(entry).toEqual({
      key: 'ace/qemu/101',
      clusterId: 'ace',
      vmid: 101,
      name: 'web',
      type: 'qemu',
      node: 'n1',
      site: 'Km4',
      run: true,
      target: 'n2',
    })
    expect(() => BulkPlanEntry.parse(entry)).not.toThrow()
  })

  it('unreachable: a cluster PVE Desk does not know or cannot reach', () => {
    expect(verdict(start, stopped, { reachable: false })).toBe('unreachable')
    expect(planBulk(start, [guest(1, { clusterId: 'ghost' })], clusters())[0]).toMatchObject({
      run: false,
      skip: 'unreachable',
      site: '',
    })
  })

  it('read_only: nothing runs on a read-only cluster, whatever else is true', () => {
    for (const action of [start, stop, migrate, backup, snapshot])
      expect(verdict(action, stopped, { readOnly: true })).toBe('read_only')
  })

  it('node_offline and unknown_state: the guest’s node is not online, or PVE does not know the state', () => {
    expect(verdict(start, guest(1, { node: 'n3', status: 'unknown' }))).toBe('node_offline n3')
    expect(verdict(start, guest(1, { status: 'unknown' }))).toBe('unknown_state')
  })

  it('no_target: a migration or backup without a target for the guest’s cluster', () => {
    expect(verdict({ ...migrate, targets: { other: 'n2' } }, running)).toBe('no_target')
    expect(verdict({ ...backup, storages: {} }, running)).toBe('no_target')
    // A cluster id like `__proto__` or `toString` names no target either.
    expect(verdict({ ...migrate, targets: {} }, guest(1, { clusterId: 'toString' }), {})).toBe('unreachable')
    const proto = new Map([['constructor', cluster({ clusterId: 'constructor' })]])
    expect(planBulk(backup, [guest(1, { clusterId: 'constructor' })], proto)[0]?.skip).toBe('no_target')
  })

  it('unsupported: suspend and resume of a container', () => {
    expect(verdict(suspend, guest(1, { type: 'lxc' }))).toBe('unsupported container')
    expect(verdict(resume, guest(1, { type: 'lxc' }))).toBe('unsupported container')
  })

  it('template: power actions and guest snapshots, while backup and migration of a template run', () => {
    const template = guest(1, { status: 'stopped', template: true })
    for (const action of [start, stop, shutdown, reboot, suspend, resume, snapshot])
      expect(verdict(action, template)).toBe('template')
    expect(verdict(backup, template)).toBe('run')
    expect(verdict(migrate, template)).toBe('run')
  })

  it('forbidden: names the privilege, read with the guest’s pool, and the backup storage’s', () => {
    const power: PermissionMap = { '/vms': { 'VM.PowerMgmt': 1 } }
    expect(verdict(start, stopped, { permissions: power })).toBe('run')
    expect(verdict(migrate, running, { permissions: power })).toBe('forbidden VM.Migrate')
    expect(verdict(snapshot, running, { permissions: power })).toBe('forbidden VM.Snapshot')
    expect(verdict(start, stopped, { permissions: undefined })).toBe('forbidden VM.PowerMgmt')
    // PVE walked the pool member's path and listed nothing there: no privilege on it.
    expect(verdict(start, guest(1, { status: 'stopped', pool: 'lab' }), { permissions: power })).toBe(
      'forbidden VM.PowerMgmt',
    )
    const backupOnly: PermissionMap = { '/vms': { 'VM.Backup': 1 } }
    expect(verdict(backup, running, { permissions: backupOnly })).toBe('forbidden Datastore.AllocateSpace')
    expect(
      verdict(backup, running, {
        permissions: { ...backupOnly, '/storage/pbs': { 'Datastore.AllocateSpace': 0 } },
      }),
    ).toBe('run')
  })

  it('on_target, target offline, and a running guest without online', () => {
    expect(verdict(migrate, guest(1, { node: 'n2' }))).toBe('on_target')
    expect(verdict({ ...migrate, targets: { ace: 'n3' } }, running)).toBe('node_offline n3')
    expect(verdict({ ...migrate, online: false }, running)).toBe('unsupported online')
    expect(verdict({ ...migrate, online: false }, stopped)).toBe('run')
  })

  it('already and not_running, as PVE decides for each power action', () => {
    expect([start, stop, shutdown, reboot, suspend, resume].map((a) => verdict(a, running))).toEqual([
      'already',
      'run',
      'run',
      'run',
      'run',
      'already',
    ])
    expect([start, stop, shutdown, reboot, suspend, resume].map((a) => verdict(a, stopped))).toEqual([
      'run',
      'already',
      'already',
      'not_running',
      'not_running',
      'not_running',
    ])
    expect([start, stop, shutdown, reboot, suspend, resume].map((a) => verdict(a, paused))).toEqual([
      'already paused',
      'run',
      'not_running paused',
      'not_running paused',
      'already',
      'run',
    ])
    expect(verdict({ kind: 'shutdown', forceStop: true }, paused)).toBe('run')
    // Hibernated: stopped with the `suspended` lock; start and resume bring it back.
    expect([start, stop, shutdown, reboot, suspend, resume].map((a) => verdict(a, hibernated))).toEqual([
      'run',
      'already',
      'already',
      'not_running',
      'already',
      'run',
    ])
  })

  it('locked: any lock but those PVE lets the action through', () => {
    const backingUp = guest(1, { lock: 'backup' })
    expect(verdict(stop, backingUp)).toBe('locked backup')
    expect(verdict(shutdown, backingUp)).toBe('locked backup')
    expect(verdict(migrate, backingUp)).toBe('locked backup')
    expect(verdict(snapshot, backingUp)).toBe('locked backup')
    expect(verdict(backup, backingUp)).toBe('locked backup')
    expect(verdict(suspend, backingUp)).toBe('run')
    expect(verdict(resume, guest(1, { lock: 'backup', qmpstatus: 'paused' }))).toBe('run')
    expect(verdict(start, guest(1, { status: 'stopped', lock: 'migrate' }))).toBe('locked migrate')
    expect(verdict(start, guest(1, { type: 'lxc', status: 'stopped', lock: 'mounted' }))).toBe('run')
    expect(verdict(stop, guest(1, { type: 'lxc', lock: 'mounted' }))).toBe('run')
    expect(verdict(shutdown, guest(1, { type: 'lxc', lock: 'mounted' }))).toBe('locked mounted')
  })

  it('ha_managed: a request HA would ignore in its state; other HA guests run through their request', () => {
    const stuck = guest(1, { status: 'stopped', hastate: 'error' })
    expect(verdict(start, stuck)).toBe('ha_managed error')
    expect(verdict(migrate, guest(1, { status: 'stopped', hastate: 'freeze' }))).toBe('ha_managed freeze')
    expect(verdict(backup, stuck)).toBe('run')
    expect(verdict(start, guest(1, { status: 'stopped', hastate: 'stopped' }))).toBe('run')
    expect(verdict(stop, guest(1, { hastate: 'started' }))).toBe('run')
  })

  it('plans a guest given twice once', () => {
    expect(planBulk(start, [stopped, stopped, running], clusters()).map((e) => e.vmid)).toEqual([100, 101])
  })
})

describe('planBulk: properties', () => {
  const actions = fc.constantFrom<BulkAction>(
    start,
    stop,
    shutdown,
    reboot,
    suspend,
    resume,
    migrate,
    backup,
    snapshot,
  )
  const guests = fc.array(
    fc.record({
      vmid: fc.integer({ min: 100, max: 120 }),
      clusterId: fc.constantFrom('ace', 'ro', 'down', 'ghost'),
      type: fc.constantFrom<FleetGuest['type']>('qemu', 'lxc'),
      node: fc.constantFrom('n1', 'n2', 'n3'),
      status: fc.constantFrom<FleetGuest['status']>('running', 'stopped', 'unknown'),
      qmpstatus: fc.option(fc.constantFrom('paused', 'running'), { nil: undefined }),
      template: fc.boolean(),
      lock: fc.option(fc.constantFrom('backup', 'suspended', 'migrate', 'mounted'), { nil: undefined }),
      hastate: fc.option(fc.constantFrom('started', 'error', 'stopped'), { nil: undefined }),
      pool: fc.option(fc.constantFrom('lab'), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  const map = new Map([
    ['ace', cluster()],
    ['ro', cluster({ clusterId: 'ro', readOnly: true })],
    ['down', cluster({ clusterId: 'down', reachable: false })],
  ])

  it('every guest appears once, in order; a read-only cluster never runs; skip ⇔ not run', () => {
    fc.assert(
      fc.property(actions, guests, (action, list) => {
        const fleet = list.map(({ vmid, ...rest }) => guest(vmid, rest))
        const entries = planBulk(action, fleet, map)
        const keys = [...new Set(fleet.map((g) => g.key))]
        expect(entries.map((e) => e.key)).toEqual(keys)
        for (const e of entries) {
          expect(e.run).toBe(e.skip === undefined)
          if (e.clusterId === 'ro') expect(e.skip).toBe('read_only')
          if (e.clusterId !== 'ace') expect(e.run).toBe(false)
          expect(() => BulkPlanEntry.parse(e)).not.toThrow()
        }
      }),
      { numRuns: 500 },
    )
  })
})
