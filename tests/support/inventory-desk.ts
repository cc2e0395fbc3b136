import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { expect, vi } from 'vitest'

import type { ScheduleClock } from '../../src/main/inventory/capture-schedule'
import { INVENTORY_FOLDER } from '../../src/main/inventory/inventory-service'
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
import { MAX_STREAM_MESSAGE } from '../../src/shared/ipc/stream'
import type { IDisposable } from '../../src/shared/lifecycle'
import type { CaptureProgress } from '../../src/shared/model/inventory-snapshot'
import type { InMemoryRenderer } from './ipc-pair'
import { inMemoryRenderer } from './ipc-pair'
import type { SimulatorFleet } from './simulator-fleet'

// The inventory service's integration tests: the real main services on a throw-away home against the simulator,
// windows as in-memory renderers on the real router (see tests/integration/inventory-service*.test.ts).

/** The schedule's clock, moved by hand; its timers fire as it passes them. */
export class FakeClock implements ScheduleClock {
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

export const CLUSTERS = ['ace-prod', 'yakro-pve1']

export interface Desk {
  services: MainServices
  home: string
  keys: MemorySigningKeyStore
  renderer(senderId: string): InMemoryRenderer<AppContract>
}

/** The real main services on a throw-away home, ace-prod and yakro-pve1 saved and polled, the key in memory. */
export async function startDesk(fleet: SimulatorFleet, options: Partial<MainOptions> = {}): Promise<Desk> {
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

export const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`)
  return result.value
}

/** Starts a capture from `window` and waits for its end, with the progress it saw. */
export async function capture(
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

export const okFile = (finished: CaptureFinished): InventoryFileEntry => {
  if (!finished.ok) throw new Error(`capture failed: ${JSON.stringify(finished.error)}`)
  return finished.file
}

export const folderOf = (desk: Desk): string => join(desk.home, INVENTORY_FOLDER)

/** Sends a file's bytes through `inventory:upload` as the page does (chunks, flow control), then `{ end }`. */
export async function upload(
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
