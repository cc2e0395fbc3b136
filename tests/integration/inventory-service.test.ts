import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { INVENTORY_FOLDER } from '../../src/main/inventory/inventory-service'
import { RECENT_FILE } from '../../src/main/inventory/recent-files'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { MainOptions } from '../../src/main/services'
import type { CaptureFinished } from '../../src/shared/ipc/domains/inventory'
import { AppError } from '../../src/shared/ipc/errors'
import type { CaptureProgress } from '../../src/shared/model/inventory-snapshot'
import type { Desk } from '../support/inventory-desk'
import {
  capture,
  CLUSTERS,
  folderOf,
  okFile,
  startDesk as startInventoryDesk,
  upload,
  value,
} from '../support/inventory-desk'
import { tamperInventoryFile } from '../support/inventory-tamper'
import { trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

// The inventory service end to end: the real main services (settings, clusters, consoles, inventory, router)
// against the simulator over real TLS, windows as in-memory renderers on the real router and stream protocol.
// Compare, export and the schedule: inventory-service-tools.test.ts.

const fleet = useSimulatorFleet({ tickMs: null })
const startDesk = (options?: Partial<MainOptions>): Promise<Desk> => startInventoryDesk(fleet, options)

describe('taking an inventory snapshot from a window', () => {
  it('captures every cluster with progress, writes one signed file into the inventory folder, and lists it', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const { finished, progress } = await capture(window)
    const file = okFile(finished)
    expect(finished).toMatchObject({ ok: true, trigger: 'manual' })
    expect(finished.ok && finished.summary.clusters).toBe(2)
    // Progress: per cluster, then the writing phase last.
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.every((p) => p.captureId === finished.captureId)).toBe(true)
    expect(progress.at(-1)?.phase).toBe('writing')
    expect(progress.some((p) => p.phase === 'capturing' && p.done > 0)).toBe(true)
    expect(
      progress
        .at(-1)
        ?.clusters.map((c) => c.clusterId)
        .sort(),
    ).toEqual(CLUSTERS)
    // The file, named as designed, in the folder; verified by the file lane's reader, signed by our key.
    expect(readdirSync(folderOf(desk))).toEqual([file.name])
    expect(file.name).toMatch(/^pvedesk-inventory-\d{8}-\d{6}Z\.zip$/)
    const verified = await readInventoryFile({ path: join(folderOf(desk), file.name) })
    const key = await loadSigningKey(desk.keys)
    expect(verified.signer.fingerprint).toBe(key.signer.fingerprint)
    expect(verified.snapshot.meta.trigger).toBe('manual')
    expect(verified.snapshot.clusters.map((c) => c.id)).toEqual(CLUSTERS)
    // Sites as configured in PVE Desk.
    const ace = verified.snapshot.clusters.find((c) => c.id === 'ace-prod')
    expect(ace?.sites).toEqual(fleet.config('ace-prod').sites)
    // Listed, without a path the renderer could reuse: only its id opens it.
    const files = value(await window.api.inventoryFiles({}))
    expect(files).toEqual([
      expect.objectContaining({ fileId: file.fileId, source: 'folder', name: file.name }),
    ])
    expect(files[0]?.takenAt).toBe(verified.manifest.takenAt)
    expect(files[0]?.summary).toEqual(verified.manifest.summary)
    // The key the window shows is the one that signed.
    expect(value(await window.api.inventoryKey({}))).toEqual(key.signer)
  })

  it('is the app’s, not the window’s: a reload does not cancel it; a second one meanwhile is refused (conflict)', async () => {
    const desk = await startDesk()
    fleet.sim.setFaults({ latencyMs: 30 })
    const first = desk.renderer('w1')
    const { captureId } = value(await first.api.inventoryCapture({}))
    const second = await first.api.inventoryCapture({})
    expect(!second.ok && second.error.code).toBe('conflict')
    first.goAway()
    const reloaded = desk.renderer('w1-reloaded')
    const ends: CaptureFinished[] = []
    reloaded.api.onInventoryCaptured((f) => ends.push(f))
    await vi.waitFor(() => expect(ends).toHaveLength(1), { timeout: 20_000 })
    expect(ends[0]).toMatchObject({ ok: true, captureId })
    expect(readdirSync(folderOf(desk))).toHaveLength(1)
  })

  it('cancelled, it writes nothing and ends as cancelled; the next capture may start', async () => {
    const desk = await startDesk()
    fleet.sim.setFaults({ latencyMs: 50 })
    const window = desk.renderer('w1')
    const ends: CaptureFinished[] = []
    const progress: CaptureProgress[] = []
    window.api.onInventoryCaptured((f) => ends.push(f))
    window.api.onInventoryProgress((p) => progress.push(p))
    const { captureId } = value(await window.api.inventoryCapture({ clusterIds: ['ace-prod'] }))
    await vi.waitFor(() => expect(progress.some((p) => p.done > 0)).toBe(true), { timeout: 10_000 })
    expect(value(await window.api.inventoryCancel({ captureId }))).toBeNull()
    await vi.waitFor(() => expect(ends).toHaveLength(1), { timeout: 10_000 })
    expect(ends[0]).toMatchObject({ ok: false, captureId, error: { code: 'cancelled' } })
    expect(readdirSync(desk.home)).not.toContain(INVENTORY_FOLDER)
    fleet.sim.setFaults({})
    const again = await capture(window, ['yakro-pve1'])
    expect(again.finished.ok).toBe(true)
  })

  it('without a keychain for the signing key, it fails at once (keychain_unavailable) and asks PVE nothing', async () => {
    const noKeychain = (): Promise<never> =>
      Promise.reject(new AppError({ code: 'keychain_unavailable', message: 'no Secret Service' }))
    const desk = await startDesk({ signingKeys: { read: noKeychain, write: noKeychain } })
    const window = desk.renderer('w1')
    const requests = fleet.sim.requests.length
    const { finished } = await capture(window)
    expect(finished).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    // None of the calls only a capture makes (the live poll goes on meanwhile).
    const captureOnly = /\/access\/users|\/pending|\/apt\/versions|\/cluster\/backup/
    expect(fleet.sim.requests.slice(requests).filter((r) => captureOnly.test(r.path))).toEqual([])
    expect(readdirSync(desk.home)).not.toContain(INVENTORY_FOLDER)
    const key = await window.api.inventoryKey({})
    expect(!key.ok && key.error.code).toBe('keychain_unavailable')
  })

  it('a cluster that cannot be reached is in the snapshot as unreachable, with its last-known data from the previous file', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const before = okFile((await capture(window)).finished)
    const earlier = await readInventoryFile({ path: join(folderOf(desk), before.name) })
    // Someone drops a newer file into the folder, signed by another key, with made-up data for yakro-pve1: it
    // must never find its way into a capture this installation signs.
    const planted = structuredClone(earlier.snapshot)
    planted.meta.takenAt = new Date(Date.parse(earlier.snapshot.meta.takenAt) + 1000).toISOString()
    for (const c of planted.clusters)
      c.resources = [{ id: 'qemu/666', type: 'qemu', vmid: 666, name: 'planted' }]
    const otherKey = await loadSigningKey(new MemorySigningKeyStore(), 'intruder')
    await writeInventoryFile(
      join(folderOf(desk), 'pvedesk-inventory-29991231-000000Z.zip'),
      planted,
      otherKey,
    )
    await fleet.sim.stopNode('yakro-pve1')
    const after = okFile((await capture(window)).finished)
    const verified = await readInventoryFile({ path: join(folderOf(desk), after.name) })
    const yakro = verified.snapshot.clusters.find((c) => c.id === 'yakro-pve1')
    expect(yakro).toMatchObject({
      reach: 'unreachable',
      lastKnown: { at: earlier.snapshot.meta.takenAt, source: 'inventory-snapshot' },
    })
    expect(yakro?.resources).toEqual(earlier.snapshot.clusters.find((c) => c.id === 'yakro-pve1')?.resources)
    expect(JSON.stringify(verified.snapshot)).not.toContain('planted')
    // Opened, that cluster shows as unreachable and stale, dated when its data was true.
    const opened = value(await window.api.inventoryOpen({ fileId: after.fileId }))
    const status = opened.fleet.clusters.find((c) => c.summary.id === 'yakro-pve1')?.status
    expect(status).toMatchObject({
      state: 'unreachable',
      stale: true,
      lastUpdated: Date.parse(earlier.snapshot.meta.takenAt),
    })
    expect(opened.clusters).toContainEqual({
      clusterId: 'yakro-pve1',
      reach: 'unreachable',
      lastKnownAt: earlier.snapshot.meta.takenAt,
    })
  })
})

describe('browsing an inventory snapshot', () => {
  it('opens as a read-only fleet with the captured items, details of a guest and a node, and closes', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window)).finished)
    const opened = value(await window.api.inventoryOpen({ fileId: file.fileId }))
    expect(opened.verification.thisInstallation).toBe(true)
    expect(opened.file).toMatchObject({ fileId: file.fileId, name: file.name })
    expect(opened.fleet.clusters.map((c) => c.summary.id)).toEqual(CLUSTERS)
    for (const cluster of opened.fleet.clusters) {
      // Nothing to act with: no endpoint, no credential, no permissions; read-only, dated by the snapshot.
      expect(cluster.summary).toMatchObject({ readOnly: true, endpoints: [], hasCredential: false })
      expect(cluster.permissions).toBeUndefined()
      expect(cluster.status).toMatchObject({
        state: 'online',
        stale: false,
        lastUpdated: Date.parse(opened.manifest.takenAt),
      })
      // The same guests and nodes as the live tree had (the simulator did not change meanwhile).
      const live = desk.services.clusters.registry.get(cluster.summary.id).items
      const keys = (items: { key: string; kind: string }[]): string[] =>
        items
          .filter((i) => i.kind === 'guest' || i.kind === 'node')
          .map((i) => i.key)
          .sort()
      expect(keys(cluster.items)).toEqual(keys(live))
    }
    const guest = opened.fleet.clusters[0]?.items.find((i) => i.kind === 'guest' && i.type === 'qemu')
    if (guest?.kind !== 'guest') throw new Error('no VM in the snapshot')
    const details = value(
      await window.api.inventoryDetails({ snapshotId: opened.snapshotId, key: guest.key }),
    )
    expect(details).toMatchObject({
      kind: 'guest',
      guest: { type: 'qemu', vmid: guest.vmid, node: guest.node },
    })
    expect(details.kind === 'guest' && details.guest.config).toBeDefined()
    const node = value(
      await window.api.inventoryDetails({ snapshotId: opened.snapshotId, key: 'ace-prod/node/km4-pve1' }),
    )
    expect(node).toMatchObject({ kind: 'node', node: { node: 'km4-pve1', site: 'Km4' } })
    expect(
      value(
        await window.api.inventoryDetails({ snapshotId: opened.snapshotId, key: 'ace-prod/qemu/999999' }),
      ),
    ).toEqual({ kind: 'none' })
    // Opened files are remembered (the inventory-recent.json file), and a closed snapshot is gone.
    expect(JSON.parse(readFileSync(join(desk.home, RECENT_FILE), 'utf8'))).toEqual({
      schemaVersion: 1,
      files: [join(folderOf(desk), file.name)],
    })
    expect(value(await window.api.inventoryClose({ snapshotId: opened.snapshotId }))).toBeNull()
    const gone = await window.api.inventoryDetails({ snapshotId: opened.snapshotId, key: guest.key })
    expect(!gone.ok && gone.error.code).toBe('not_found')
  })

  it('keeps at most four snapshots open: opening a fifth closes the least recently used', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const ids: string[] = []
    for (let i = 0; i < 4; i++)
      ids.push(value(await window.api.inventoryOpen({ fileId: file.fileId })).snapshotId)
    // The first is used again: the second is now the least recently used.
    value(await window.api.inventoryDetails({ snapshotId: ids[0] as string, key: 'x' }))
    value(await window.api.inventoryOpen({ fileId: file.fileId }))
    const details = async (id: string): Promise<boolean> =>
      (await window.api.inventoryDetails({ snapshotId: id, key: 'x' })).ok
    expect(await details(ids[0] as string)).toBe(true)
    expect(await details(ids[1] as string)).toBe(false)
    expect(await details(ids[2] as string)).toBe(true)
  })

  it('a tampered file is refused with inventory_invalid (digest_mismatch) and nothing is opened', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['ace-prod'])).finished)
    const path = join(folderOf(desk), file.name)
    const forged = join(folderOf(desk), 'pvedesk-inventory-forged.zip')
    // The attacker renames a VM in inventory.json and zips it again, manifest and signature untouched.
    await tamperInventoryFile(path, forged, (text) => text.replace('"naorlo-web01"', '"naorlo-webXX"'))
    const files = value(await window.api.inventoryFiles({}))
    const entry = files.find((f) => f.name === 'pvedesk-inventory-forged.zip')
    if (entry === undefined) throw new Error('the forged file is not listed')
    // Its manifest still reads: the listing cannot tell; opening verifies.
    expect(entry.unreadable).toBeUndefined()
    const opened = await window.api.inventoryOpen({ fileId: entry.fileId })
    expect(opened.ok).toBe(false)
    expect(!opened.ok && opened.error).toMatchObject({
      code: 'inventory_invalid',
      detail: { reason: 'digest_mismatch' },
    })
    // Not opened, not remembered.
    expect(readdirSync(desk.home)).not.toContain(RECENT_FILE)
    // A file that is not an inventory snapshot at all is listed as unreadable, and refused too.
    writeFileSync(join(folderOf(desk), 'notes.zip'), 'not a zip')
    const notes = value(await window.api.inventoryFiles({})).find((f) => f.name === 'notes.zip')
    expect(notes?.unreadable).toBe('not_zip')
    const refused = await window.api.inventoryOpen({ fileId: notes?.fileId as string })
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'inventory_invalid',
      detail: { reason: 'not_zip' },
    })
  })

  it('a renderer cannot name a path: made-up ids, paths and traversals are not_found', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const path = join(folderOf(desk), file.name)
    for (const fileId of ['../../etc/passwd', '/etc/passwd', file.name, `${file.fileId}x`, 'folder:0']) {
      const opened = await window.api.inventoryOpen({ fileId })
      expect(!opened.ok && opened.error.code).toBe('not_found')
      const diffed = await window.api.inventoryDiff({ from: fileId, to: file.fileId })
      expect(!diffed.ok && diffed.error.code).toBe('not_found')
    }
    // The file's full path is no id either: past 64 characters the contract refuses it before main looks.
    const byPath = await window.api.inventoryOpen({ fileId: path })
    expect(!byPath.ok && byPath.error.code).toBe(path.length > 64 ? 'invalid_request' : 'not_found')
    const snapshot = await window.api.inventoryExport({ snapshotId: '../../etc/passwd', format: 'json' })
    expect(!snapshot.ok && snapshot.error.code).toBe('not_found')
    // The browser host has no dialog: pick answers null (the page uploads).
    expect(value(await window.api.inventoryPick({}))).toBeNull()
  })

  it('a recent-files list edited by hand is reported and ignored, never fatal', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    for (const text of ['{oops', JSON.stringify({ schemaVersion: 1, files: ['relative/path.zip'] }), '[]']) {
      writeFileSync(join(desk.home, RECENT_FILE), text)
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
      expect(value(await window.api.inventoryFiles({}))).toEqual([])
      expect(warn).toHaveBeenCalled()
      warn.mockRestore()
    }
    // Opening a file writes a good list over it.
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    value(await window.api.inventoryOpen({ fileId: file.fileId }))
    expect(JSON.parse(readFileSync(join(desk.home, RECENT_FILE), 'utf8'))).toMatchObject({ schemaVersion: 1 })
  })

  it('lists the files named at start (argument) and recent files outside the folder', async () => {
    const first = await startDesk()
    const file = okFile((await capture(first.renderer('w1'), ['yakro-pve1'])).finished)
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'pvedesk-elsewhere-')), 'audit-2026.zip')
    copyFileSync(join(folderOf(first), file.name), elsewhere)
    const desk = await startDesk({ inventoryFiles: [elsewhere, join(tmpdir(), 'no-such-file.zip')] })
    const window = desk.renderer('w1')
    const files = value(await window.api.inventoryFiles({}))
    expect(files).toEqual([
      expect.objectContaining({ name: 'audit-2026.zip', source: 'argument', path: elsewhere }),
    ])
    const opened = value(await window.api.inventoryOpen({ fileId: files[0]?.fileId as string }))
    // Signed by the other installation's key.
    expect(opened.verification.thisInstallation).toBe(false)
    expect(opened.verification.signer.fingerprint).toBe((await loadSigningKey(first.keys)).signer.fingerprint)
  })

  it('lists the files named while it runs (a second launch, macOS open-file) first, as arguments', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'pvedesk-elsewhere-')), 'named-later.zip')
    copyFileSync(join(folderOf(desk), file.name), elsewhere)
    expect(value(await window.api.inventoryFiles({})).map((f) => f.source)).toEqual(['folder'])
    desk.services.inventory.addArgumentFiles([elsewhere])
    const files = value(await window.api.inventoryFiles({}))
    expect(files.map((f) => [f.name, f.source])).toEqual([
      ['named-later.zip', 'argument'],
      [file.name, 'folder'],
    ])
    expect(value(await window.api.inventoryOpen({ fileId: files[0]?.fileId as string })).file).toMatchObject({
      source: 'argument',
      path: elsewhere,
    })
  })
})

describe('a file dropped into the window (inventory:upload)', () => {
  it('is verified and kept in memory as an upload, openable by its id', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const bytes = readFileSync(join(folderOf(desk), file.name))
    const { entry, error } = await upload(window, 'dropped.zip', bytes)
    expect(error).toBeUndefined()
    expect(entry).toMatchObject({ name: 'dropped.zip', source: 'upload', bytes: bytes.byteLength })
    expect(entry?.path).toBeUndefined()
    expect(value(await window.api.inventoryFiles({})).map((f) => f.source)).toEqual(['folder', 'upload'])
    const opened = value(await window.api.inventoryOpen({ fileId: entry?.fileId as string }))
    expect(opened.manifest.content.sha256).toBe((await readInventoryFile({ buffer: bytes })).sha256)
    // Uploads are kept in memory, so only the newest four: the first goes when a fifth comes.
    for (let i = 2; i <= 5; i++) expect((await upload(window, `dropped-${i}.zip`, bytes)).entry).toBeDefined()
    const kept = value(await window.api.inventoryFiles({})).filter((f) => f.source === 'upload')
    expect(kept.map((f) => f.name)).toEqual([
      'dropped-2.zip',
      'dropped-3.zip',
      'dropped-4.zip',
      'dropped-5.zip',
    ])
    const evicted = await window.api.inventoryOpen({ fileId: entry?.fileId as string })
    expect(!evicted.ok && evicted.error.code).toBe('not_found')
  })

  it('more bytes than announced, fewer, or a tampered file end the stream; nothing is kept', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['ace-prod'])).finished)
    const path = join(folderOf(desk), file.name)
    const bytes = readFileSync(path)
    const more = await upload(window, 'more.zip', bytes, { extra: Buffer.from('x') })
    expect(more.error?.code).toBe('invalid_request')
    const fewer = await upload(window, 'fewer.zip', bytes, { size: bytes.byteLength + 10 })
    expect(fewer.error?.code).toBe('invalid_request')
    const forged = join(tmpdir(), `forged-${process.pid}.zip`)
    await tamperInventoryFile(path, forged, (text) => text.replace('"naorlo-web01"', '"naorlo-webXX"'))
    const tampered = await upload(window, 'forged.zip', readFileSync(forged))
    expect(tampered.error).toMatchObject({ code: 'inventory_invalid', detail: { reason: 'digest_mismatch' } })
    // A window that goes away mid-upload leaves nothing either.
    await upload(window, 'half.zip', bytes.subarray(0, 1000), { size: bytes.byteLength, end: false })
    window.goAway()
    const other = desk.renderer('w2')
    expect(value(await other.api.inventoryFiles({})).map((f) => f.source)).toEqual(['folder'])
    expect(desk.services.router.openCount('w1')).toEqual({ calls: 0, streams: 0, events: 0 })
  })

  it('a renderer cannot make main hold many files at once: uploads under way are bounded together', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const big = 200 * 1024 * 1024
    const first = await window.api.openInventoryUpload({ name: 'a.zip', size: big })
    expect(first.ok).toBe(true)
    const second = await window.api.openInventoryUpload({ name: 'b.zip', size: big })
    expect(!second.ok && second.error.code).toBe('conflict')
    if (first.ok) first.value.close()
    await vi.waitFor(async () => {
      const third = await window.api.openInventoryUpload({ name: 'c.zip', size: big })
      expect(third.ok).toBe(true)
      if (third.ok) third.value.close()
    })
  })
})

describe('disposing', () => {
  it('cancels a capture under way and leaves no timer or socket of ours behind', async () => {
    const tracker = trackHandles()
    try {
      const desk = await startDesk()
      await desk.services.inventory.setSchedule({ enabled: true, time: '03:00', keep: 2 })
      fleet.sim.setFaults({ latencyMs: 50 })
      const window = desk.renderer('w1')
      value(await window.api.inventoryCapture({}))
      desk.services.dispose()
      expect(await tracker.settled()).toEqual([])
      expect(statSync(desk.home).isDirectory()).toBe(true)
      expect(readdirSync(desk.home)).not.toContain(INVENTORY_FOLDER)
    } finally {
      tracker.stop()
    }
  })
})
