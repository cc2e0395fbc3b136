import { z } from 'zod'

import { DrReport } from '../../model/dr'
import { FleetState } from '../../model/fleet'
import {
  CaptureProgress,
  InventoryDiff,
  InventoryGuest,
  InventoryIssue,
  InventoryManifest,
  InventoryNode,
  InventorySigner,
} from '../../model/inventory-snapshot'
import { AppErrorShape } from '../errors'
import { defineDomain } from '../domain'
import { bytes, clusterId, empty } from '../schemas'

/** An id main gave a file it knows (in the folder, recent, named at start, uploaded); never a path. */
const fileId = z.string().min(1).max(64)
const snapshotId = z.string().min(1).max(64)
const captureId = z.string().min(1).max(64)

/** A file that may hold an inventory snapshot, as the renderer may see it. */
export const InventoryFileEntry = z.object({
  fileId,
  /** The file's name, e.g. `pvedesk-inventory-20261201-120000Z.zip`. */
  name: z.string(),
  /** Where it is, to show the user (absent for a file dropped into the window). */
  path: z.string().optional(),
  /** `folder`: in PVE Desk's inventory folder; `recent`: opened before; `argument`: named on the command line. */
  source: z.enum(['folder', 'recent', 'argument', 'upload']),
  bytes: z.number().int().nonnegative(),
  modifiedAt: z.number(),
  /** From its manifest, when it reads (the file is verified only when opened). */
  takenAt: z.string().optional(),
  summary: InventoryManifest.shape.summary.optional(),
  /** Why its manifest does not read, if it does not. */
  unreadable: z.string().optional(),
})
export type InventoryFileEntry = z.infer<typeof InventoryFileEntry>

/** An inventory snapshot opened for browsing: verified, read-only, its fleet in the live tree's shape. */
export const OpenedInventory = z.object({
  snapshotId,
  file: InventoryFileEntry,
  manifest: InventoryManifest,
  /** Digest and signature held (a file that fails is refused, never opened); who signed it. */
  verification: z.object({
    signer: InventorySigner,
    /** Signed by this installation's own key. */
    thisInstallation: z.boolean(),
  }),
  /** Clusters (read-only summaries, status as captured), items from the captured `/cluster/resources`. */
  fleet: FleetState,
  clusters: z.array(
    z.object({
      clusterId,
      reach: z.enum(['captured', 'partial', 'unreachable']),
      lastKnownAt: z.string().optional(),
    }),
  ),
  issues: z.array(InventoryIssue),
  consoleSessions: z.number().int().nonnegative(),
  /** The DR report evaluated at capture; absent for an older file (or one whose DR part did not read). */
  dr: DrReport.optional(),
})
export type OpenedInventory = z.infer<typeof OpenedInventory>

/** What a snapshot holds on one tree item beyond its row: a guest's config, a node's versions and network. */
export const InventoryItemDetails = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('guest'), guest: InventoryGuest }),
  z.object({ kind: z.literal('node'), node: InventoryNode }),
  z.object({ kind: z.literal('none') }),
])
export type InventoryItemDetails = z.infer<typeof InventoryItemDetails>

export const ExportFormat = z.enum(['xlsx', 'csv', 'json', 'html', 'pdf'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** Capture while the app runs: every day at `time` (local), keeping the newest `keep` scheduled files. */
export const InventorySchedule = z
  .object({
    enabled: z.boolean(),
    /** `HH:MM`, 24-hour, local time. */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    keep: z.number().int().min(1).max(365),
    /** The clusters to capture; absent: all. */
    clusterIds: z.array(clusterId).max(256).optional(),
  })
  .strict()
export type InventorySchedule = z.infer<typeof InventorySchedule>

export const InventoryScheduleState = z.object({
  schedule: InventorySchedule,
  /** When the next scheduled capture starts (epoch ms), while enabled. */
  nextRunAt: z.number().optional(),
  lastRun: z
    .object({ at: z.number(), ok: z.boolean(), name: z.string().optional(), error: AppErrorShape.optional() })
    .optional(),
})
export type InventoryScheduleState = z.infer<typeof InventoryScheduleState>

/** A capture ended: its file, or why there is none. */
export const CaptureFinished = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    captureId,
    trigger: z.enum(['manual', 'scheduled']),
    file: InventoryFileEntry,
    summary: InventoryManifest.shape.summary,
  }),
  z.object({
    ok: z.literal(false),
    captureId,
    trigger: z.enum(['manual', 'scheduled']),
    error: AppErrorShape,
  }),
])
export type CaptureFinished = z.infer<typeof CaptureFinished>

/** The largest file accepted for browsing, compare and export (a 10,000-guest fleet is a few MiB). */
export const MAX_INVENTORY_FILE_BYTES = 256 * 1024 * 1024

/**
 * Inventory snapshots: capture every cluster into one signed file, list and open files read-only, compare two,
 * export one. Files are named by `fileId`s that main gives out: the renderer never names a path, so a
 * compromised renderer cannot read or write where it likes (exports go where the user chose in main's save
 * dialog, or into PVE Desk's exports folder in the browser host).
 */
export const inventoryDomain = defineDomain('inventory', {
  invoke: {
    /** Starts capturing (all clusters, or those named); one capture at a time (`conflict` otherwise). */
    'inventory:capture': {
      request: z.object({ clusterIds: z.array(clusterId).min(1).max(256).optional() }).strict(),
      response: z.object({ captureId }),
    },
    /** Stops a capture under way: nothing is written; it ends with `inventory:captured` `cancelled`. */
    'inventory:cancel': { request: z.object({ captureId }).strict(), response: z.null() },
    /** The files PVE Desk knows: its inventory folder (newest first), recent files, those named at start. */
    'inventory:files': { request: empty, response: z.array(InventoryFileEntry) },
    /** Electron: the system's open dialog; the browser host has none and answers null (the page uploads). */
    'inventory:pick': { request: empty, response: InventoryFileEntry.nullable() },
    /** Verifies and opens a file for browsing; `inventory_invalid` (with `detail.reason`) when it does not hold. */
    'inventory:open': { request: z.object({ fileId }).strict(), response: OpenedInventory },
    'inventory:close': { request: z.object({ snapshotId }).strict(), response: z.null() },
    /** What an opened snapshot holds on one tree item (its fleet key). */
    'inventory:details': {
      request: z.object({ snapshotId, key: z.string().min(1).max(300) }).strict(),
      response: InventoryItemDetails,
    },
    /** Compares two files (`from` the older audit, `to` the newer); both are verified first. */
    'inventory:diff': {
      request: z.object({ from: fileId, to: fileId }).strict(),
      response: InventoryDiff,
    },
    /**
     * Exports an opened snapshot. Electron asks where (save dialog; `cancelled` if dismissed); the browser host
     * writes into `<home>/exports/`. Answers the path written. `csv` is a folder (created) holding one
     * `<Sheet>.csv` per sheet.
     */
    'inventory:export': {
      request: z.object({ snapshotId, format: ExportFormat }).strict(),
      response: z.object({ path: z.string() }),
    },
    /** This installation's signing key (created in the OS keychain on first use). */
    'inventory:key': { request: empty, response: InventorySigner },
    'inventory:schedule': { request: empty, response: InventoryScheduleState },
    'inventory:setSchedule': {
      request: z.object({ schedule: InventorySchedule }).strict(),
      response: InventoryScheduleState,
    },
  },
  events: {
    'inventory:progress': CaptureProgress,
    'inventory:captured': CaptureFinished,
  },
  streams: {
    /**
     * A file the user dropped into the window (or chose in the browser's file input): its bytes, then
     * `{ end: true }`; main answers one message, the file's entry (source `upload`), or ends the stream with
     * `inventory_invalid` / `invalid_request` (more than `size` or `MAX_INVENTORY_FILE_BYTES` bytes).
     */
    'inventory:upload': {
      open: z
        .object({
          name: z.string().min(1).max(255),
          size: z.number().int().min(1).max(MAX_INVENTORY_FILE_BYTES),
        })
        .strict(),
      up: z.union([bytes, z.object({ end: z.literal(true) }).strict()]),
      down: InventoryFileEntry,
    },
  },
})
