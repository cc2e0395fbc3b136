import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { readInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { SCHEDULE_FILE } from '../../src/main/inventory/schedule-store'
import type { MainOptions } from '../../src/main/services'
import type { CaptureFinished } from '../../src/shared/ipc/domains/inventory'
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
  it('captures at the set time, names the file as scheduled, keeps the newest `keep` scheduled files only, notifies', async () => {
    const clock = new FakeClock(new Date(2026, 11, 1, 1, 0).getTime())
    const notified: CaptureFinished[] = []
    const desk = await startDesk({ inventoryClock: clock, notify: (f) => notified.push(f) })
    const folder = folderOf(desk)
    mkdirSync(folder, { recursive: true })
    const older = [
      'pvedesk-inventory-20261101-020000Z-scheduled.zip',
      'pvedesk-inventory-20261102-020000Z-scheduled.zip',
    ]
    const manual = 'pvedesk-inventory-20261001-120000Z.zip'
    for (const name of [...older, manual, 'mine-scheduled.zip']) writeFileSync(join(folder, name), 'x')
    const window = desk.renderer('w1')
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
    // The newest two scheduled captures stay; the manual one and the user's own file are never deleted.
    await vi.waitFor(() =>
      expect(readdirSync(folder).sort()).toEqual([older[1], manual, 'mine-scheduled.zip', name].sort()),
    )
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
