import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { BulkAction, BulkProgress } from '../../src/shared/model/bulk'
import { settingsHome } from '../support/cli-env'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { desk, deskClusters } from './cli-desk'

// A bulk migration through the app's services against the simulator: each VM's precondition is read from PVE
// before the preview (`GET …/qemu/{vmid}/migrate`), and a running VM with a local disk — which PVE would refuse to
// migrate live without `with-local-disks` — is skipped with that disk named; the others run and PVE takes them.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

let services: MainServices
let clock: ReturnType<typeof setInterval> | undefined

beforeEach(async () => {
  const ace = fleet.config('ace-prod')
  const password = fleet.sim.info.clusters.find((c) => c.id === 'ace-prod')?.login.password
  if (password === undefined) throw new Error('no root on ace-prod')
  const vault = new MemoryVault()
  await vault.set(ace, password)
  services = await createMainServices({
    home: settingsHome('pvedesk-bulk-migrate-', { pollIntervalMs: 500, timeoutMs: 5_000, clusters: [ace] }),
    vault,
    info: { version: '0', locale: 'en', host: 'browser' },
    tasks: { followIntervalMs: 20 },
  })
  await vi.waitFor(
    () =>
      expect(
        services.clusters.state().clusters.map((c) => [c.status.state, c.permissions !== undefined]),
      ).toEqual([['online', true]]),
    { timeout: 10_000, interval: 50 },
  )
})
afterEach(() => {
  clearInterval(clock)
  clock = undefined
  services.dispose()
})

const MIGRATE: BulkAction = { kind: 'migrate', targets: { 'ace-prod': 'km4-pve1' }, online: true }
/** On km4-pve2: a running VM with its disk on the node's own storage, two stopped VMs, a running container. */
const GUESTS = [201, 210, 204, 205].map((vmid) => ({ clusterId: 'ace-prod', vmid }))

const requestsSince = (from: number): string[] =>
  fleet.sim.requests
    .slice(from)
    .filter((r) => !r.path.startsWith('/api2/json/access/ticket'))
    .map((r) => `${r.method} ${r.path.replace(/^\/api2\/json/, '')}`)

describe('a bulk migration', () => {
  it('skips the running VM PVE would refuse for its local disk, naming it; the others run and move', async () => {
    const from = fleet.sim.requests.length
    const plan = await services.bulk.plan(GUESTS, MIGRATE)
    const byVmid = new Map(plan.entries.map((e) => [e.vmid, e]))
    expect(byVmid.get(201)).toMatchObject({ run: false, skip: 'local_disks', target: 'km4-pve1' })
    expect(byVmid.get(201)?.detail).toMatch(/:vm-201-disk-0$/)
    for (const vmid of [210, 204, 205])
      expect(byVmid.get(vmid)).toMatchObject({ run: true, target: 'km4-pve1' })
    // Each qemu VM that would run was asked once; the container (restart mode) was not; nothing was changed.
    const asked = requestsSince(from)
    expect(asked.filter((r) => r.endsWith('/migrate')).sort()).toEqual([
      'GET /nodes/km4-pve2/qemu/201/migrate',
      'GET /nodes/km4-pve2/qemu/204/migrate',
      'GET /nodes/km4-pve2/qemu/210/migrate',
    ])
    expect(asked.filter((r) => !r.startsWith('GET '))).toEqual([])

    clock = setInterval(() => fleet.sim.advanceClock(2), 10)
    const events: BulkProgress[] = []
    const subscription = services.bulk.onProgress((p) => events.push(p))
    try {
      services.bulk.run(plan.planId)
      await vi.waitFor(() => expect(events.at(-1)?.done).toBe(true), { timeout: 20_000, interval: 20 })
    } finally {
      subscription.dispose()
    }
    expect(events.at(-1)?.results.map((r) => [r.vmid, r.state])).toEqual([
      [210, 'ok'],
      [204, 'ok'],
      [205, 'ok'],
    ])
    const posts = requestsSince(from).filter((r) => r.startsWith('POST '))
    expect(posts.sort()).toEqual([
      'POST /nodes/km4-pve2/lxc/205/migrate',
      'POST /nodes/km4-pve2/qemu/204/migrate',
      'POST /nodes/km4-pve2/qemu/210/migrate',
    ])
  })

  it('is cancelled with its caller: nothing is planned, and the reads under way end', async () => {
    const caller = new AbortController()
    const planned = services.bulk.plan(GUESTS, MIGRATE, undefined, caller.signal)
    caller.abort()
    await expect(planned).rejects.toMatchObject({ code: 'cancelled' })
  })
})

describe('pvedesk bulk migrate --dry-run', () => {
  it('reads the same precondition: the local disk named in the VM’s line, the skips counted per reason', async () => {
    const from = fleet.sim.requests.length
    const run = await desk(
      deskClusters(fleet),
      [
        'bulk',
        'migrate',
        '--filter',
        'vmid:201,210,205',
        '--target',
        'ace-prod=km4-pve1',
        '--online',
        '--cluster',
        'ace-prod',
        '--dry-run',
      ],
      { sim: fleet.sim },
    )
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines.find((l) => l.includes('ace-prod/201 '))).toMatch(
      /^ {2}skip {2}ace-prod\/201 naorlo-web01-test +on km4-pve2: local disks to copy \([^)]*:vm-201-disk-0\)$/,
    )
    expect(lines.find((l) => l.includes('ace-prod/210 '))).toMatch(/^ {2}run /)
    expect(lines).toContain('  1 skipped: 1 local disks to copy')
    expect(requestsSince(from).filter((r) => !r.startsWith('GET '))).toEqual([])
  })
})
