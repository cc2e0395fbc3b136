import { describe, expect, it } from 'vitest'

import type { ClusterAccess } from '../../src/main/guests/cluster-access'
import {
  checkMigration,
  listBackupTargets,
  listGuestSnapshots,
  runGuestAction,
} from '../../src/main/guests/guest-actions'
import { taskLog } from '../../src/main/pve/tasks'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { accessTo, actToEnd, changeRequests } from './guest-support'

// Every action kind against the simulator over real HTTPS, each task followed to its end and the guest seen
// changed; the refusals made before anything is sent; PVE's own words kept when it refuses.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

const root = (): ClusterAccess => accessTo(fleet, 'ace-prod')
const statusOf = async (access: ClusterAccess, vmid: number): Promise<string> =>
  (await access.guest(vmid)).status
async function qmpstatus(
  access: ClusterAccess,
  vmid: number,
): Promise<{ qmpstatus?: string; lock?: string }> {
  const guest = await access.guest(vmid)
  return (await access.client.call('GET', `/nodes/${guest.node}/qemu/${vmid}/status/current`)) as {
    qmpstatus?: string
    lock?: string
  }
}

describe('power actions, each task followed to its end', () => {
  it('starts a stopped VM', async () => {
    const access = root()
    const end = await actToEnd(fleet, access, 204, { kind: 'start' })
    expect(end).toMatchObject({ ok: true, exitstatus: 'OK' })
    expect(end.upid).toContain(':qmstart:204:root@pam:')
    expect(await statusOf(access, 204)).toBe('running')
  })

  it('shuts down with a timeout and force-stop, and stops; a container too', async () => {
    const access = root()
    expect(
      await actToEnd(fleet, access, 202, { kind: 'shutdown', timeout: 30, forceStop: true }),
    ).toMatchObject({
      ok: true,
    })
    expect(await statusOf(access, 202)).toBe('stopped')
    const shutdown = fleet.sim.requests.find((r) => r.path.endsWith('/qemu/202/status/shutdown'))
    expect(shutdown?.method).toBe('POST')
    expect(await actToEnd(fleet, access, 205, { kind: 'stop' })).toMatchObject({ ok: true })
    expect(await statusOf(access, 205)).toBe('stopped')
  })

  it('reboots and resets a running VM; refuses to reset a container before sending anything', async () => {
    const access = root()
    expect((await actToEnd(fleet, access, 203, { kind: 'reboot' })).upid).toContain(':qmreboot:203:')
    expect(await statusOf(access, 203)).toBe('running')
    expect((await actToEnd(fleet, access, 201, { kind: 'reset' })).upid).toContain(':qmreset:201:')
    expect(await statusOf(access, 201)).toBe('running')
    const before = changeRequests(fleet)
    await expect(runGuestAction(access, 205, { kind: 'reset' })).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(changeRequests(fleet)).toBe(before)
  })

  it('pauses and resumes; hibernates to disk and resumes', async () => {
    const access = root()
    await actToEnd(fleet, access, 202, { kind: 'suspend' })
    expect((await qmpstatus(access, 202)).qmpstatus).toBe('paused')
    await actToEnd(fleet, access, 202, { kind: 'resume' })
    expect((await qmpstatus(access, 202)).qmpstatus).toBe('running')

    const hibernate = await actToEnd(fleet, access, 202, { kind: 'suspend', todisk: true })
    expect(hibernate.upid).toContain(':qmsuspend:202:')
    expect(await qmpstatus(access, 202)).toMatchObject({ qmpstatus: 'stopped', lock: 'suspended' })
    await actToEnd(fleet, access, 202, { kind: 'resume' })
    expect(await statusOf(access, 202)).toBe('running')
  })

  it('takes an HA-managed guest through the same call: PVE files the HA request', async () => {
    const access = root()
    const started = await runGuestAction(access, 104, { kind: 'stop' })
    expect(started.upid).toContain(':hastop:104:root@pam:')
  })
})

describe('migration', () => {
  it('reads PVE’s precondition with every other node, its site and load', async () => {
    const check = await checkMigration(root(), 201)
    expect(check).toMatchObject({ clusterId: 'ace-prod', vmid: 201, node: 'km4-pve2', running: true })
    expect(check.targets.map((t) => [t.node, t.site])).toEqual([
      ['km4-pve1', 'Km4'],
      ['vitib-pve1', 'VITIB'],
    ])
    for (const t of check.targets) {
      expect(t.online).toBe(true)
      expect(t.maxmem).toBeGreaterThan(0)
    }
    expect(check.localDisks.length).toBeGreaterThan(0)
  })

  it('migrates a running VM live with its local disks, and the guest changes node', async () => {
    const access = root()
    const end = await actToEnd(fleet, access, 201, {
      kind: 'migrate',
      target: 'km4-pve1',
      online: true,
      withLocalDisks: true,
    })
    expect(end).toMatchObject({ ok: true })
    expect(end.upid).toContain(':qmigrate:201:')
    expect((await access.guest(201)).node).toBe('km4-pve1')
  })

  it('migrates a running container in restart mode', async () => {
    const access = root()
    expect(
      await actToEnd(fleet, access, 205, { kind: 'migrate', target: 'km4-pve1', restart: true }),
    ).toMatchObject({ ok: true })
    expect((await access.guest(205)).node).toBe('km4-pve1')
  })

  it('a migration that fails in its task shows PVE’s error from the log', async () => {
    const access = root()
    fleet.sim.failNextMigration('ace-prod', 203, 'storage migration failed: target storage is full')
    const end = await actToEnd(fleet, access, 203, {
      kind: 'migrate',
      target: 'km4-pve1',
      online: true,
      withLocalDisks: true,
    })
    expect(end.ok).toBe(false)
    const log = (await taskLog(access.client, end.upid)).map((l) => l.t).join('\n')
    expect(log).toContain('storage migration failed: target storage is full')
    expect((await access.guest(203)).node).toBe('km4-pve2')
  })
})

describe('backups and guest snapshots', () => {
  it('lists the storages that take backups and backs up there', async () => {
    const access = root()
    const targets = await listBackupTargets(access, 202)
    expect(targets.map((t) => t.storage)).toContain('local')
    expect(targets.every((t) => t.storage !== 'local-lvm')).toBe(true)
    const end = await actToEnd(fleet, access, 202, {
      kind: 'backup',
      storage: 'local',
      mode: 'snapshot',
      compress: 'zstd',
      protected: true,
      notes: '{{guestname}} before the upgrade',
    })
    expect(end).toMatchObject({ ok: true })
    expect(end.upid).toContain(':vzdump:202:')
    const content = (await access.client.call('GET', '/nodes/km4-pve2/storage/local/content', {
      content: 'backup',
      vmid: 202,
    })) as { volid: string; protected?: unknown }[]
    expect(content.some((c) => c.volid.includes('vzdump-qemu-202-'))).toBe(true)
  })

  it('creates a guest snapshot with RAM, rolls back to it and deletes it; NOW is listed', async () => {
    const access = root()
    await actToEnd(fleet, access, 201, {
      kind: 'snapshotCreate',
      name: 'before-upgrade',
      description: 'kernel 6.14',
      vmstate: true,
    })
    const snapshots = await listGuestSnapshots(access, 201)
    expect(snapshots.find((s) => s.name === 'before-upgrade')).toMatchObject({
      vmstate: true,
      current: false,
      description: 'kernel 6.14',
    })
    expect(snapshots.find((s) => s.current)).toMatchObject({ name: 'current', vmstate: false })

    expect(
      (await actToEnd(fleet, access, 201, { kind: 'snapshotRollback', name: 'before-upgrade', start: true }))
        .upid,
    ).toContain(':qmrollback:201:')
    expect(
      await actToEnd(fleet, access, 201, { kind: 'snapshotDelete', name: 'before-upgrade' }),
    ).toMatchObject({
      ok: true,
    })
    expect((await listGuestSnapshots(access, 201)).map((s) => s.name)).not.toContain('before-upgrade')
  })

  it('refuses RAM in a container’s guest snapshot before sending anything', async () => {
    const access = root()
    const before = changeRequests(fleet)
    await expect(
      runGuestAction(access, 205, { kind: 'snapshotCreate', name: 'x', vmstate: true }),
    ).rejects.toMatchObject({ code: 'invalid_request' })
    expect(changeRequests(fleet)).toBe(before)
  })
})

describe('refusals', () => {
  it('sends nothing to a read-only cluster', async () => {
    const access = accessTo(fleet, 'ace-prod', { readOnly: true })
    const before = fleet.sim.requests.length
    await expect(runGuestAction(access, 204, { kind: 'start' })).rejects.toMatchObject({ code: 'read_only' })
    expect(fleet.sim.requests.length).toBe(before)
    expect(await statusOf(root(), 204)).toBe('stopped')
  })

  it('refuses in PVE’s words a privilege the user lacks, before sending the action', async () => {
    // noc@pve is only PVEAuditor on /vms/120 (win-ad01).
    const access = accessTo(fleet, 'ace-prod', { username: 'noc@pve' })
    const before = changeRequests(fleet)
    await expect(runGuestAction(access, 120, { kind: 'shutdown' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed (/vms/120, VM.PowerMgmt)',
      detail: { privilege: 'VM.PowerMgmt', path: '/vms/120' },
    })
    await expect(
      runGuestAction(access, 201, { kind: 'snapshotRollback', name: 'pre-test' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed (/vms/201, VM.Snapshot|VM.Snapshot.Rollback)',
    })
    expect(changeRequests(fleet)).toBe(before)
  })

  it('refuses a backup to a storage the user may not allocate on, as VZDump.pm does, before sending it', async () => {
    // noc@pve may back up the test pool's guests (PVEVMUser: VM.Backup) but not allocate on `local`.
    const noc = accessTo(fleet, 'ace-prod', { username: 'noc@pve' })
    const before = changeRequests(fleet)
    await expect(
      runGuestAction(noc, 202, { kind: 'backup', storage: 'local', mode: 'snapshot', compress: 'zstd' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed (/storage/local, Datastore.AllocateSpace)',
      detail: { path: '/storage/local', privilege: 'Datastore.AllocateSpace' },
    })
    expect(changeRequests(fleet)).toBe(before)
  })

  it('keeps PVE’s own refusal as the message', async () => {
    // A container already running: PVE's 500 before any task.
    const refusal = await runGuestAction(root(), 110, { kind: 'start' }).catch((e: unknown) => e)
    expect(refusal).toMatchObject({ code: 'pve_error' })
    expect((refusal as Error).message).toContain('already running')
    await expect(runGuestAction(root(), 999, { kind: 'start' })).rejects.toMatchObject({ code: 'not_found' })
  })
})
