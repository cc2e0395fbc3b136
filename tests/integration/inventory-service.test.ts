import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import type { ScheduleClock } from '../../src/main/inventory/capture-schedule'
import { INVENTORY_FOLDER } from '../../src/main/inventory/inventory-service'
import { RECENT_FILE } from '../../src/main/inventory/recent-files'
import { SCHEDULE_FILE } from '../../src/main/inventory/schedule-store'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { SettingsStore } from '../../src/main/platform/settings-store'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainOptions, MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { AppContract } from '../../src/shared/ipc/contract'
import { contract } from '../../src/shared/ipc/contract'
import type { CaptureFinished, InventoryFileEntry } from '../../src/shared/ipc/domains/inventory'
import type { Result } from '../../src/shared/ipc/errors'
import type { IDisposable } from '../../src/shared/lifecycle'
import { MAX_STREAM_MESSAGE } from '../../src/shared/ipc/stream'
import type { CaptureProgress } from '../../src/shared/model/inventory-snapshot'
import { tamperInventoryFile } from '../support/inventory-tamper'
import type { InMemoryRenderer } from '../support/ipc-pair'
import { inMemoryRenderer } from '../support/ipc-pair'
import { trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

// The inventory service end to end: the real main services (settings, clusters, consoles, inventory, router)
// against the simulator over real TLS, windows as in-memory renderers on the real router and stream protocol.

const fleet = useSimulatorFleet({ tickMs: null })

/** The schedule's clock, moved by hand; its timers fire as it passes them. */
class FakeClock implements ScheduleClock {
  private timers: { at: number; callback: () => void; live: boolean }[] = []
  constructor(private time: number) {}
  now(): number {
    return this.time
  }
  setTimer(callback: () => void, ms: number): IDisposable {
    const timer = { at: this.time + ms, callback, live: true }
    this.timers.push(timer)
    return { dispose: () => (timer.live = false) }
  }
  get live(): number {
    return this.timers.filter((t) => t.live).length
  }
  advanceTo(time: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= time).sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.time = Math.max(this.time, due.at)
      due.live = false
      due.callback()
    }
    this.time = time
  }
}

const CLUSTERS = ['ace-prod', 'yakro-pve1']

interface Desk {
  services: MainServices
  home: string
  keys: MemorySigningKeyStore
  renderer(senderId: string): InMemoryRenderer<AppContract>
}

async function startDesk(options: Partial<MainOptions> = {}): Promise<Desk> {
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-inventory-'))
  await new SettingsStore(home).save({ ...emptySettings(), pollIntervalMs: 1_000, timeoutMs: 5_000 })
  const keys = new MemorySigningKeyStore()
  const services = fleet.disposables.add(
    await createMainServices({
      home,
      vault: new MemoryVault(),
      signingKeys: keys,
      info: { version: '0.0.0-test', locale: 'en', host: 'browser' },
      ...options,
    }),
  )
  for (const id of CLUSTERS) {
    const sim = fleet.sim.info.clusters.find((c) => c.id === id)
    if (sim === undefined) throw new Error(`no ${id}`)
    await services.clusters.save(fleet.config(id), sim.login.password)
  }
  await services.clusters.reload()
  for (const id of CLUSTERS) {
    await vi.waitFor(() => expect(services.clusters.registry.get(id).items.length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
  }
  return {
    services,
    home,
    keys,
    renderer: (senderId) => inMemoryRenderer(services.router, contract, senderId),
  }
}

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`)
  return result.value
}

/** Starts a capture from `window` and waits for its end, with the progress it saw. */
async function capture(
  window: InMemoryRenderer<AppContract>,
  clusterIds?: string[],
): Promise<{ finished: CaptureFinished; progress: CaptureProgress[] }> {
  const progress: CaptureProgress[] = []
  const ends: CaptureFinished[] = []
  const offProgress = window.api.onInventoryProgress((p) => progress.push(p))
  const offCaptured = window.api.onInventoryCaptured((f) => ends.push(f))
  try {
    const { captureId } = value(
      await window.api.inventoryCapture(clusterIds === undefined ? {} : { clusterIds }),
    )
    await vi.waitFor(() => expect(ends.find((e) => e.captureId === captureId)).toBeDefined(), {
      timeout: 20_000,
    })
    return { finished: ends.find((e) => e.captureId === captureId) as CaptureFinished, progress }
  } finally {
    offProgress()
    offCaptured()
  }
}

const okFile = (finished: CaptureFinished): InventoryFileEntry => {
  if (!finished.ok) throw new Error(`capture failed: ${JSON.stringify(finished.error)}`)
  return finished.file
}

const folderOf = (desk: Desk): string => join(desk.home, INVENTORY_FOLDER)

/** Sends a file's bytes through `inventory:upload` as the page does (chunks, flow control), then `{ end }`. */
async function upload(
  window: InMemoryRenderer<AppContract>,
  name: string,
  bytes: Buffer,
  options: { size?: number; extra?: Buffer; end?: boolean } = {},
): Promise<{ entry?: InventoryFileEntry; error?: { code: string; detail?: Record<string, string> } }> {
  const opened = await window.api.openInventoryUpload({ name, size: options.size ?? bytes.byteLength })
  if (!opened.ok) return { error: opened.error }
  const stream = opened.value
  let entry: InventoryFileEntry | undefined
  let closed: { error?: { code: string } } | undefined
  stream.onMessage((m) => (entry = m))
  stream.onClose((error) => (closed = error === undefined ? {} : { error }))
  const all = options.extra === undefined ? bytes : Buffer.concat([bytes, options.extra])
  for (let at = 0; at < all.byteLength && closed === undefined; at += MAX_STREAM_MESSAGE / 2) {
    const chunk = new Uint8Array(all.subarray(at, at + MAX_STREAM_MESSAGE / 2))
    if (!stream.send(chunk)) await new Promise<void>((resolve) => stream.onDrain(resolve))
  }
  if (options.end === false) return {}
  if (closed === undefined) stream.send({ end: true })
  await vi.waitFor(() => expect(closed).toBeDefined(), { timeout: 10_000 })
  const error = closed?.error
  return { ...(entry === undefined ? {} : { entry }), ...(error === undefined ? {} : { error }) }
}

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
