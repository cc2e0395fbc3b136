import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'

import type {
  CaptureFinished,
  ExportFormat,
  InventoryFileEntry,
  InventoryItemDetails,
  InventorySchedule,
  InventoryScheduleState,
  OpenedInventory,
} from '../../shared/ipc/domains/inventory'
import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { ConsoleRecord } from '../../shared/model/console'
import type { CaptureProgress, InventoryDiff, InventorySigner } from '../../shared/model/inventory-snapshot'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { LastRun, ScheduleClock } from './capture-schedule'
import { CaptureSchedule, systemClock } from './capture-schedule'
import { detailsOf, fleetOfSnapshot } from './inventory-fleet'
import { InventoryFiles } from './inventory-files'
import type { UploadPort } from './inventory-upload'
import { receiveUpload, UploadBudget } from './inventory-upload'
import type { SigningKeyStore } from '../secrets/signing-key-store'
import type { LastKnownCluster as LastKnown } from './capture/capture-inventory'
import { captureInventory } from './capture/capture-inventory'
import { captureClusterOf, localUser } from './capture-clusters'
import { defaultDrTargets, type DrTargets } from '../../shared/model/dr'
import type { VerifiedInventory } from './file/inventory-file'
import {
  inventoryFileName,
  readInventoryFile,
  verifyInventoryFile,
  writeInventoryFile,
} from './file/inventory-file'
import type { InventorySigningKey } from './file/signing-key'
import { loadSigningKey } from './file/signing-key'
import { diffInventories } from './diff/diff'
import { exportFileName, exportInventory } from './export/export'
import { HeldInventories } from './held-inventories'
import { OneAtATime } from './one-at-a-time'
import { RecentInventoryFiles } from './recent-files'
import { ScheduleStore } from './schedule-store'
import { freeName, pruneScheduledCaptures } from './scheduled-files'

/** Where captures go, under the PVE Desk home. */
export const INVENTORY_FOLDER = 'inventory-snapshots'
/** Where the browser host writes exports (it has no save dialog). */
export const EXPORTS_FOLDER = 'exports'
/** Inventory snapshots kept open at once; opening one more closes the least recently used. */
export const MAX_OPENED = 4
/** Folder files read (newest first) looking for a cluster's last-known data. */
const LAST_KNOWN_FILES = 5

/** Electron's open and save dialogs (src/main/app/inventory-dialogs.ts); the browser host has none. */
export interface InventoryDialogs {
  /** The file the user chose, or undefined when dismissed. */
  open(): Promise<string | undefined>
  /** Where to export, or undefined when dismissed; `csv` names a folder to create. */
  save(defaultName: string, format: ExportFormat): Promise<string | undefined>
}

export interface InventoryServiceOptions {
  home: string
  appVersion: string
  signingKeys: SigningKeyStore
  dialogs?: InventoryDialogs
  /** Tells the user a scheduled capture ended (Electron: an OS notification). */
  notify?: (finished: CaptureFinished) => void
  /** Files named on the command line (Electron's argv, the browser host's `--inventory FILE`). */
  inventoryFiles?: readonly string[]
  /** The schedule's clock and timer (tests inject theirs). */
  clock?: ScheduleClock
}

interface Opened {
  /** The version of the file held in {@link HeldInventories}. */
  version: string
  file: InventoryFileEntry
}

interface Capture {
  captureId: string
  controller: AbortController
}

/**
 * Inventory snapshots in the app: captures of the configured clusters into signed files in
 * `<home>/inventory-snapshots/` (one at a time, the app's own, not a window's: a reload does not cancel one),
 * the files PVE Desk knows under opaque ids, opened snapshots as read-only fleets, compare, export, uploads and
 * the daily schedule. Disposed, a capture under way is cancelled and no timer is left.
 */
export class InventoryService extends Disposable {
  readonly folder: string
  private readonly files: InventoryFiles
  private readonly recent: RecentInventoryFiles
  private readonly opened = new Map<string, Opened>()
  private readonly held = new HeldInventories()
  /** Every inflate-and-parse of an inventory snapshot, one at a time. */
  private readonly verifications = new OneAtATime()
  private readonly budget = new UploadBudget()
  private readonly schedule: CaptureSchedule
  private current: Capture | undefined
  private key: Promise<InventorySigningKey> | undefined
  private readonly progressEmitter = this._register(new Emitter<CaptureProgress>())
  private readonly capturedEmitter = this._register(new Emitter<CaptureFinished>())

  /** `inventory:progress`. */
  readonly onProgress = this.progressEmitter.event
  /** `inventory:captured`: every capture's end, the renderer's and the schedule's. */
  readonly onCaptured = this.capturedEmitter.event

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly consoleRecords: { list(limit?: number): Promise<ConsoleRecord[]> },
    private readonly options: InventoryServiceOptions,
  ) {
    super()
    this.folder = join(options.home, INVENTORY_FOLDER)
    this.recent = new RecentInventoryFiles(options.home)
    this.files = new InventoryFiles(this.folder, this.recent, options.inventoryFiles ?? [])
    this.schedule = this._register(
      new CaptureSchedule(
        new ScheduleStore(options.home),
        (schedule) => this.scheduledRun(schedule),
        options.clock ?? systemClock,
      ),
    )
    this._register(
      toDisposable(() => {
        this.current?.controller.abort()
        this.opened.clear()
        this.held.clear()
      }),
    )
  }

  /** Reads the schedule and arms it. */
  start(): Promise<void> {
    return this.schedule.start()
  }

  // Capture

  /** Starts a capture (all clusters, or those named); `conflict` while another runs. Answers at once. */
  capture(clusterIds: readonly string[] | undefined): { captureId: string } {
    const { captureId } = this.startCapture(clusterIds, 'manual')
    return { captureId }
  }

  cancel(captureId: string): void {
    if (this.current?.captureId === captureId) this.current.controller.abort()
  }

  private startCapture(
    clusterIds: readonly string[] | undefined,
    trigger: CaptureFinished['trigger'],
  ): { captureId: string; finished: Promise<CaptureFinished> } {
    if (this.isDisposed) throw new AppError({ code: 'internal', message: 'the inventory service is stopped' })
    if (this.current !== undefined) {
      throw new AppError({ code: 'conflict', message: 'an inventory snapshot is being taken already' })
    }
    const connections =
      clusterIds === undefined
        ? this.registry.list()
        : [...new Set(clusterIds)].map((id) => this.registry.get(id))
    if (connections.length === 0)
      throw new AppError({ code: 'not_found', message: 'no cluster is configured: nothing to capture' })
    const capture: Capture = { captureId: randomUUID(), controller: new AbortController() }
    this.current = capture
    const finished = this.runCapture(capture, connections, trigger).finally(() => {
      if (this.current === capture) this.current = undefined
    })
    void finished.then((result) => this.capturedEmitter.fire(result))
    return { captureId: capture.captureId, finished }
  }

  /** Where each capture's DR targets come from: the DR service, made after this one. */
  useDrTargets(read: () => Promise<DrTargets>): void {
    this.drTargets = read
  }
  private drTargets = (): Promise<DrTargets> => Promise.resolve(defaultDrTargets())

  private async runCapture(
    { captureId, controller }: Capture,
    connections: ClusterConnection[],
    trigger: CaptureFinished['trigger'],
  ): Promise<CaptureFinished> {
    const { signal } = controller
    let last: CaptureProgress = {
      captureId,
      clusters: connections.map((c) => ({ clusterId: c.id, state: 'waiting', done: 0, total: 0 })),
      done: 0,
      total: 0,
      phase: 'capturing',
    }
    const progress = (p: CaptureProgress): void => {
      if (!this.isDisposed) this.progressEmitter.fire(p)
    }
    let written: string | undefined
    try {
      progress(last)
      // The key first: without a keychain nothing can be signed, and the user learns it before a long capture.
      const key = await this.signingKey()
      const lastKnown = this.lastKnownReader()
      const snapshot = await captureInventory({
        clusters: connections.map((c) => captureClusterOf(c, () => lastKnown(c.id))),
        trigger,
        appVersion: this.options.appVersion,
        takenBy: { user: localUser(), host: hostname() },
        // The record is PVE Desk's own file: one that does not read is left out, never the capture lost.
        // Every record the file holds (it keeps its newest 2 MiB), not the app's default listing.
        consoleSessions: await this.consoleRecords.list(Number.POSITIVE_INFINITY).catch((error: unknown) => {
          console.warn(`[inventory] the record of console sessions does not read: ${String(error)}`)
          return []
        }),
        // Targets that do not read (the DR service says so itself) give the defaults, never a lost capture.
        drTargets: await this.drTargets().catch(() => defaultDrTargets()),
        signal,
        onProgress: (p) => {
          last = { ...p, captureId, phase: 'capturing' }
          progress(last)
        },
      })
      signal.throwIfAborted()
      progress({ ...last, phase: 'writing' })
      await mkdir(this.folder, { recursive: true, mode: 0o700 })
      const name = await freeName(this.folder, inventoryFileName(new Date(snapshot.meta.takenAt), trigger))
      written = join(this.folder, name)
      const { manifest } = await writeInventoryFile(written, snapshot, key)
      // Cancelled while writing: nothing is left, as promised.
      signal.throwIfAborted()
      const file = await this.files.written(written)
      return { ok: true, captureId, trigger, file, summary: manifest.summary }
    } catch (error) {
      if (written !== undefined && signal.aborted) await rm(written, { force: true }).catch(() => undefined)
      const e = signal.aborted
        ? new AppError({ code: 'cancelled', message: 'the inventory snapshot was cancelled' })
        : AppError.from(error)
      return { ok: false, captureId, trigger, error: e.toShape() }
    }
  }

  /**
   * A cluster's last-known data for one capture: the newest readable inventory snapshot of the folder that holds
   * the cluster's resources and is signed by this installation's key. A file someone else put into the folder,
   * signed by another key, never feeds its data into a capture this installation signs. Files are read once per
   * capture, however many clusters ask.
   */
  private lastKnownReader(): (clusterId: string) => Promise<LastKnown | undefined> {
    let paths: Promise<string[]> | undefined
    let signer: Promise<string | undefined> | undefined
    const read = new Map<string, Promise<VerifiedInventory | undefined>>()
    return async (clusterId) => {
      paths ??= this.files.folderFiles().catch(() => [])
      signer ??= this.signingKey().then(
        (key) => key.signer.publicKey,
        () => undefined,
      )
      const requireSigner = await signer
      if (requireSigner === undefined) return undefined
      for (const path of (await paths).slice(0, LAST_KNOWN_FILES)) {
        let verified = read.get(path)
        if (verified === undefined) {
          verified = this.verifications
            .run(() => readInventoryFile({ path }, { requireSigner }))
            .catch(() => undefined)
          read.set(path, verified)
        }
        const snapshot = (await verified)?.snapshot
        const cluster = snapshot?.clusters.find((c) => c.id === clusterId && c.resources !== undefined)
        if (snapshot !== undefined && cluster !== undefined) {
          // Data that was itself last-known keeps the time it was true.
          return { at: cluster.lastKnown?.at ?? snapshot.meta.takenAt, source: 'inventory-snapshot', cluster }
        }
      }
      return undefined
    }
  }

  private signingKey(): Promise<InventorySigningKey> {
    if (this.key === undefined) {
      const loading = loadSigningKey(this.options.signingKeys, hostname())
      this.key = loading
      // A keychain that failed now may answer later: the next call tries again.
      loading.catch(() => {
        if (this.key === loading) this.key = undefined
      })
    }
    return this.key
  }

  /** This installation's key, created on first use. */
  async signer(): Promise<InventorySigner> {
    return (await this.signingKey()).signer
  }

  /** Whether `signer` is this installation's key, never creating one (an auditor's laptop may have none). */
  private async isOwnSigner(signer: InventorySigner): Promise<boolean> {
    try {
      if (this.key === undefined && (await this.options.signingKeys.read()) === undefined) return false
      return (await this.signingKey()).signer.fingerprint === signer.fingerprint
    } catch {
      return false
    }
  }

  // Files

  listFiles(): Promise<InventoryFileEntry[]> {
    return this.files.list()
  }

  /** Files named while the app runs (Electron: a second launch with files, macOS's open-file). */
  addArgumentFiles(paths: readonly string[]): void {
    this.files.addArguments(paths)
  }

  async pick(): Promise<InventoryFileEntry | null> {
    const path = await this.options.dialogs?.open()
    return path === undefined ? null : this.files.picked(path)
  }

  /**
   * Opens a file as a read-only fleet. Its facts (time, summary) are those of the manifest just verified. The
   * verified file is held (see {@link HeldInventories}): opening it again or comparing it reads nothing again,
   * and the least recently used snapshot is closed past four open or 64 MiB of inventory.json together.
   */
  open(fileId: string): Promise<OpenedInventory> {
    return this.verifications.run(async () => {
      this.throwIfStopped()
      const { version, verified } = await this.verifiedOf(fileId)
      const file = await this.files.entry(fileId, verified.manifest)
      const source = this.files.source(fileId)
      if ('path' in source) await this.recent.add(source.path)
      const thisInstallation = await this.isOwnSigner(verified.signer)
      const snapshotId = randomBytes(12).toString('base64url')
      this.opened.set(snapshotId, { version, file })
      while (this.opened.size > MAX_OPENED) this.opened.delete(this.opened.keys().next().value as string)
      const { snapshot, manifest, signer } = verified
      return {
        snapshotId,
        file,
        manifest,
        verification: { signer, thisInstallation },
        fleet: fleetOfSnapshot(snapshot),
        clusters: snapshot.clusters.map((c) => ({
          clusterId: c.id,
          reach: c.reach,
          ...(c.lastKnown === undefined ? {} : { lastKnownAt: c.lastKnown.at }),
        })),
        issues: snapshot.issues,
        consoleSessions: snapshot.consoleSessions.length,
        ...(snapshot.dr === undefined ? {} : { dr: snapshot.dr.report }),
      }
    })
  }

  /**
   * The verified file of `fileId`: the one held for its current version, or read and verified now (in the
   * queue: callers run in {@link OneAtATime}) and held. A file changed while it was read is held under a
   * version of its own that no later look-up matches.
   */
  private async verifiedOf(fileId: string): Promise<{ version: string; verified: VerifiedInventory }> {
    const before = await this.files.version(fileId)
    const held = this.held.get(before)
    if (held !== undefined) return { version: before, verified: held }
    const verified = await readInventoryFile(this.files.source(fileId))
    const version =
      (await this.files.version(fileId)) === before ? before : `${before}:changed:${randomUUID()}`
    this.held.hold(version, verified)
    return { version, verified }
  }

  private throwIfStopped(): void {
    if (this.isDisposed) throw new AppError({ code: 'internal', message: 'the inventory service is stopped' })
  }

  close(snapshotId: string): void {
    const opened = this.opened.get(snapshotId)
    this.opened.delete(snapshotId)
    // Its parsed file goes too, unless another open snapshot shows the same file.
    if (opened !== undefined && ![...this.opened.values()].some((o) => o.version === opened.version))
      this.held.delete(opened.version)
  }

  details(snapshotId: string, key: string): InventoryItemDetails {
    return detailsOf(this.openedOf(snapshotId).verified.snapshot, key)
  }

  /** Compares two files; one opened (or compared) already is not read again. */
  diff(fromId: string, toId: string): Promise<InventoryDiff> {
    return this.verifications.run(async () => {
      this.throwIfStopped()
      const from = (await this.verifiedOf(fromId)).verified
      const to = (await this.verifiedOf(toId)).verified
      return diffInventories(from, to)
    })
  }

  async export(snapshotId: string, format: ExportFormat): Promise<{ path: string }> {
    const name = exportFileName(this.openedOf(snapshotId).verified, format)
    let path: string
    if (this.options.dialogs === undefined) {
      const folder = join(this.options.home, EXPORTS_FOLDER)
      await mkdir(folder, { recursive: true, mode: 0o700 })
      path = join(folder, name)
    } else {
      const chosen = await this.options.dialogs.save(name, format)
      if (chosen === undefined) throw new AppError({ code: 'cancelled', message: 'the export was cancelled' })
      path = chosen
    }
    // In the queue, the snapshot looked up again: exports waiting hold no parsed file of their own.
    await this.verifications.run(() => {
      this.throwIfStopped()
      return exportInventory(this.openedOf(snapshotId).verified, format, path)
    })
    return { path }
  }

  /** An opened snapshot, now the most recently used; closed when its file is no longer held. */
  private openedOf(snapshotId: string): Opened & { verified: VerifiedInventory } {
    const opened = this.opened.get(snapshotId)
    const verified = opened === undefined ? undefined : this.held.get(opened.version)
    if (opened === undefined || verified === undefined) {
      this.opened.delete(snapshotId)
      throw new AppError({ code: 'not_found', message: 'this inventory snapshot is not open (any more)' })
    }
    this.opened.delete(snapshotId)
    this.opened.set(snapshotId, opened)
    return { ...opened, verified }
  }

  upload(request: { name: string; size: number }, port: UploadPort): void {
    receiveUpload(request, port, {
      budget: this.budget,
      verify: (buffer) => this.verifications.run(() => readInventoryFile({ buffer })),
      keep: (name, buffer, manifest) => this.files.addUpload(name, buffer, manifest),
    })
  }

  // Schedule

  scheduleState(): InventoryScheduleState {
    return this.schedule.state()
  }

  setSchedule(schedule: InventorySchedule): Promise<InventoryScheduleState> {
    return this.schedule.set(schedule)
  }

  /**
   * Deletes the scheduled captures past the newest `keep` that are older than `keep` days: only files this
   * installation signed as scheduled (the signed meta says so, the signature holds), never one copied from
   * elsewhere, a manual or CLI capture, or a file that does not verify. Deleted, not moved aside: `keep` is
   * there to bound the folder; the age rule is what keeps a schedule set to keep 1 from erasing a history.
   */
  private async prune(keep: number, now: number): Promise<string[]> {
    const publicKey = (await this.signingKey()).signer.publicKey
    return pruneScheduledCaptures(this.folder, keep, {
      now,
      ours: (path) =>
        this.verifications
          .run(() => verifyInventoryFile({ path }, { requireSigner: publicKey }))
          .then(
            ({ meta }) => (meta.trigger === 'scheduled' ? { takenAt: meta.takenAt } : undefined),
            () => undefined,
          ),
    })
  }

  /** One scheduled run: capture, keep the newest `keep` scheduled files, tell the user. */
  private async scheduledRun(schedule: InventorySchedule): Promise<LastRun> {
    const at = (this.options.clock ?? systemClock).now()
    let finished: CaptureFinished
    try {
      // Clusters removed since the schedule was set are left out; if none is left, the run fails.
      const named = schedule.clusterIds?.filter((id) => this.registry.has(id))
      if (named?.length === 0)
        throw new AppError({ code: 'not_found', message: 'none of the scheduled clusters is configured' })
      finished = await this.startCapture(named, 'scheduled').finished
    } catch (error) {
      finished = {
        ok: false,
        captureId: randomUUID(),
        trigger: 'scheduled',
        error: AppError.from(error).toShape(),
      }
      this.capturedEmitter.fire(finished)
    }
    if (finished.ok) {
      await this.prune(schedule.keep, at).catch((error: unknown) => {
        console.warn(`[inventory] cannot prune scheduled captures: ${String(error)}`)
      })
    }
    if (!this.isDisposed) this.options.notify?.(finished)
    return finished.ok ? { at, ok: true, name: finished.file.name } : { at, ok: false, error: finished.error }
  }
}
