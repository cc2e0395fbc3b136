import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { SCHEDULE_FILE } from '../../src/main/inventory/schedule-store'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { MainOptions } from '../../src/main/services'
import type { CaptureFinished } from '../../src/shared/ipc/domains/inventory'
import type { InventoryMeta } from '../../src/shared/model/inventory-snapshot'
import type { Desk } from '../support/inventory-desk'
import {
  capture,
  FakeClock,
  folderOf,
  okFile,
  startDesk as startInventoryDesk,
  value,
} from '../support/inventory-desk'
import { useSimulatorFleet } from '../support/simulator-fleet'

// The inventory service's tools end to end, through the real router against the simulator: compare two files,
// export one (browser host and Electron's dialog), the daily schedule on a clock moved by hand.

const fleet = useSimulatorFleet({ tickMs: null })
const startDesk = (options?: Partial<MainOptions>): Promise<Desk> => startInventoryDesk(fleet, options)

describe('compare and export', () => {
  it('diffs two files: a guest stopped between them is a change of its state', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const before = okFile((await capture(window, ['ace-prod'])).finished)
    fleet.sim.setGuestStatus('ace-prod', 101, 'stopped')
    const after = okFile((await capture(window, ['ace-prod'])).finished)
    const diff = value(await window.api.inventoryDiff({ from: before.fileId, to: after.fileId }))
    expect(diff.from.takenAt < diff.to.takenAt).toBe(true)
    expect(diff.changes).toContainEqual(
      expect.objectContaining({
        category: 'guest',
        kind: 'changed',
        key: 'ace-prod/qemu/101',
        field: 'status',
      }),
    )
    // A file compared with itself has no change.
    expect(value(await window.api.inventoryDiff({ from: after.fileId, to: after.fileId })).changes).toEqual(
      [],
    )
  })

  it('exports into <home>/exports/ in the browser host (XLSX, a CSV folder), answering the path written', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const { snapshotId } = value(await window.api.inventoryOpen({ fileId: file.fileId }))
    const xlsx = value(await window.api.inventoryExport({ snapshotId, format: 'xlsx' }))
    expect(xlsx.path.startsWith(join(desk.home, 'exports'))).toBe(true)
    expect(xlsx.path.endsWith('.xlsx')).toBe(true)
    expect(readFileSync(xlsx.path).subarray(0, 2).toString()).toBe('PK')
    const csv = value(await window.api.inventoryExport({ snapshotId, format: 'csv' }))
    expect(statSync(csv.path).isDirectory()).toBe(true)
    expect(readdirSync(csv.path)).toContain('VMs.csv')
  })

  it('in Electron, exports where the save dialog says, and a dismissed dialog is cancelled', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'pvedesk-export-')), 'chosen.json')
    let answer: string | undefined = target
    const desk = await startDesk({
      dialogs: { open: () => Promise.resolve(undefined), save: () => Promise.resolve(answer) },
    })
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const { snapshotId } = value(await window.api.inventoryOpen({ fileId: file.fileId }))
    expect(value(await window.api.inventoryExport({ snapshotId, format: 'json' }))).toEqual({ path: target })
    expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('manifest')
    answer = undefined
    const dismissed = await window.api.inventoryExport({ snapshotId, format: 'json' })
    expect(!dismissed.ok && dismissed.error.code).toBe('cancelled')
    expect(readdirSync(desk.home)).not.toContain('exports')
    // The open dialog dismissed: nothing picked.
    expect(value(await window.api.inventoryPick({}))).toBeNull()
  })
})

describe('the daily schedule', () => {
  it('captures at the set time, names the file as scheduled, prunes only its own old scheduled files, notifies', async () => {
    const clock = new FakeClock(new Date(2026, 11, 1, 1, 0).getTime())
    const notified: CaptureFinished[] = []
    const desk = await startDesk({ inventoryClock: clock, notify: (f) => notified.push(f) })
    const folder = folderOf(desk)
    const window = desk.renderer('w1')
    // Earlier files, made from a real capture with the meta they claim, signed by this installation's key or,
    // copied from another installation, by its key.
    const template = (
      await readInventoryFile({
        path: join(folder, okFile((await capture(window, ['yakro-pve1'])).finished).name),
      })
    ).snapshot
    rmSync(folder, { recursive: true })
    mkdirSync(folder)
    const ownKey = await loadSigningKey(desk.keys)
    const otherKey = await loadSigningKey(new MemorySigningKeyStore())
    const hoursBefore = (hours: number): string =>
      new Date(new Date(2026, 11, 1, 2, 0).getTime() - hours * 3_600_000).toISOString()
    const write = async (
      name: string,
      takenAt: string,
      trigger: InventoryMeta['trigger'],
      key = ownKey,
    ): Promise<string> => {
      await writeInventoryFile(
        join(folder, name),
        { ...template, meta: { ...template.meta, takenAt, trigger } },
        key,
      )
      return name
    }
    // Ours and scheduled: the oldest goes (beyond the newest two, a month old); the one of 20 hours ago is
    // beyond the newest two too, but younger than two days: it stays.
    const oldOwn = await write(
      'pvedesk-inventory-20261101-020000Z-scheduled.zip',
      hoursBefore(720),
      'scheduled',
    )
    const young = [
      await write('pvedesk-inventory-20261130-060000Z-scheduled.zip', hoursBefore(20), 'scheduled'),
      await write('pvedesk-inventory-20261130-160000Z-scheduled.zip', hoursBefore(10), 'scheduled'),
    ]
    // Named as scheduled, never deleted: another installation's scheduled capture, our own manual capture
    // renamed, a file that is not an inventory snapshot at all.
    const kept = [
      await write(
        'pvedesk-inventory-20261001-020000Z-scheduled.zip',
        hoursBefore(1000),
        'scheduled',
        otherKey,
      ),
      await write('pvedesk-inventory-20261002-020000Z-scheduled.zip', hoursBefore(990), 'manual'),
      'pvedesk-inventory-20261003-020000Z-scheduled.zip',
      'pvedesk-inventory-20261001-120000Z.zip',
      'mine-scheduled.zip',
    ]
    for (const name of kept.slice(2)) writeFileSync(join(folder, name), 'x')
    const ends: CaptureFinished[] = []
    window.api.onInventoryCaptured((f) => ends.push(f))
    const state = value(
      await window.api.inventorySetSchedule({
        schedule: { enabled: true, time: '02:00', keep: 2, clusterIds: ['yakro-pve1', 'removed-since'] },
      }),
    )
    expect(state.nextRunAt).toBe(new Date(2026, 11, 1, 2, 0).getTime())
    expect(JSON.parse(readFileSync(join(desk.home, SCHEDULE_FILE), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      schedule: { enabled: true, time: '02:00', keep: 2 },
    })
    clock.advanceTo(new Date(2026, 11, 1, 1, 59).getTime())
    expect(ends).toEqual([])
    clock.advanceTo(new Date(2026, 11, 1, 2, 0).getTime())
    await vi.waitFor(() => expect(ends).toHaveLength(1), { timeout: 20_000 })
    const finished = ends[0] as CaptureFinished
    expect(finished).toMatchObject({ ok: true, trigger: 'scheduled' })
    const name = okFile(finished).name
    expect(name).toMatch(/^pvedesk-inventory-\d{8}-\d{6}Z-scheduled\.zip$/)
    expect(
      (await readInventoryFile({ path: join(folder, name) })).snapshot.clusters.map((c) => c.id),
    ).toEqual(['yakro-pve1'])
    await vi.waitFor(() => expect(notified).toEqual([finished]))
    // Only our own month-old scheduled capture is gone.
    await vi.waitFor(() => expect(readdirSync(folder).sort()).toEqual([...young, ...kept, name].sort()))
    expect(readdirSync(folder)).not.toContain(oldOwn)
    await vi.waitFor(async () =>
      expect(value(await window.api.inventorySchedule({}))).toMatchObject({
        nextRunAt: new Date(2026, 11, 2, 2, 0).getTime(),
        lastRun: { ok: true, name },
      }),
    )
    desk.services.dispose()
    expect(clock.live).toBe(0)
  })

  it('a run that cannot capture (no scheduled cluster left) is a failed run, notified, and the schedule goes on', async () => {
    const clock = new FakeClock(new Date(2026, 11, 1, 1, 0).getTime())
    const notified: CaptureFinished[] = []
    const desk = await startDesk({ inventoryClock: clock, notify: (f) => notified.push(f) })
    await desk.services.inventory.setSchedule({ enabled: true, time: '02:00', keep: 2, clusterIds: ['gone'] })
    clock.advanceTo(new Date(2026, 11, 1, 2, 0).getTime())
    await vi.waitFor(() => expect(notified).toHaveLength(1))
    expect(notified[0]).toMatchObject({ ok: false, trigger: 'scheduled', error: { code: 'not_found' } })
    await vi.waitFor(() =>
      expect(desk.services.inventory.scheduleState()).toMatchObject({
        nextRunAt: new Date(2026, 11, 2, 2, 0).getTime(),
        lastRun: { ok: false, error: { code: 'not_found' } },
      }),
    )
  })
})
