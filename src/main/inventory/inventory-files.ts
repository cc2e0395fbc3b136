import { randomBytes } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

import type { InventoryFileEntry } from '../../shared/ipc/domains/inventory'
import { MAX_INVENTORY_FILE_BYTES } from '../../shared/ipc/domains/inventory'
import { AppError } from '../../shared/ipc/errors'
import type { InventoryManifest } from '../../shared/model/inventory-snapshot'
import { readInventoryManifest } from './file/inventory-file'
import type { RecentInventoryFiles } from './recent-files'

/** The newest folder files listed (by modification time): a folder of years of captures lists fast. */
export const MAX_FOLDER_FILES = 1000
/** Uploaded files kept in memory: the oldest goes first past this many, or past MAX_UPLOAD_BYTES together. */
export const MAX_UPLOADS = 4
/** The bytes of the uploads kept, together (the newest is always kept, whatever its size). */
export const MAX_UPLOAD_BYTES = MAX_INVENTORY_FILE_BYTES
/** Known ids (paths seen); the oldest are forgotten past this. */
const MAX_IDS = 10_000
/** Files named on a command line kept (those named at start, then by later launches); the oldest go first. */
export const MAX_ARGUMENT_FILES = 100
/** Manifests read at once while listing. */
const MANIFEST_READS = 8

type Source = InventoryFileEntry['source']

interface KnownPath {
  kind: 'path'
  path: string
}
interface KnownUpload {
  kind: 'upload'
  buffer: Buffer
  entry: InventoryFileEntry
}
type Known = KnownPath | KnownUpload

/** Where an id's bytes are, for `readInventoryFile`. */
export type FileSource = { path: string } | { buffer: Buffer }

/**
 * The inventory snapshot files PVE Desk knows, each under a random opaque id handed to the renderer: the
 * inventory folder, the recent files, those named at start, the uploaded ones. Only main maps an id to a path,
 * so a renderer (compromised or not) can only name files main listed: a path or a made-up id is `not_found`.
 */
export class InventoryFiles {
  private readonly byId = new Map<string, Known>()
  private readonly idOfPath = new Map<string, string>()
  private readonly uploads: string[] = []
  private readonly argumentPaths: string[]
  /** Manifests already read, by path, with the size and time they were read at. */
  private readonly manifests = new Map<
    string,
    { bytes: number; mtime: number; manifest: InventoryManifest }
  >()

  constructor(
    readonly folder: string,
    private readonly recent: RecentInventoryFiles,
    argumentPaths: readonly string[],
  ) {
    this.argumentPaths = argumentPaths.map((p) => resolve(p)).slice(0, MAX_ARGUMENT_FILES)
  }

  /**
   * Files named while the app runs (a second launch with files, macOS's open-file): listed as `argument`, the
   * newest first, at most {@link MAX_ARGUMENT_FILES}.
   */
  addArguments(paths: readonly string[]): void {
    const added = paths.map((p) => resolve(p))
    const kept = this.argumentPaths.filter((p) => !added.includes(p))
    this.argumentPaths.splice(0, this.argumentPaths.length, ...new Set([...added, ...kept]))
    this.argumentPaths.splice(MAX_ARGUMENT_FILES)
  }

  /** Named at start, then the folder (newest first), then recent files elsewhere, then uploads. */
  async list(): Promise<InventoryFileEntry[]> {
    const entries: InventoryFileEntry[] = []
    const seen = new Set<string>()
    const add = async (path: string, source: Source): Promise<void> => {
      const absolute = resolve(path)
      if (seen.has(absolute)) return
      seen.add(absolute)
      const entry = await this.entryOf(absolute, source)
      if (entry !== undefined) entries.push(entry)
    }
    for (const path of this.argumentPaths) await add(path, 'argument')
    const folderStart = entries.length
    await inBatches(await this.folderFiles(), MANIFEST_READS, (path) => add(path, 'folder'))
    const inFolder = entries.slice(folderStart)
    inFolder.sort((a, b) => newness(b) - newness(a))
    entries.splice(folderStart, inFolder.length, ...inFolder)
    for (const path of await this.recent.list()) await add(path, 'recent')
    for (const id of this.uploads) {
      const known = this.byId.get(id)
      if (known?.kind === 'upload') entries.push(known.entry)
    }
    return entries
  }

  /** The entry of a file the user chose in main's open dialog. */
  async picked(path: string): Promise<InventoryFileEntry> {
    const absolute = resolve(path)
    const source: Source = resolve(this.folder) === dirname(absolute) ? 'folder' : 'recent'
    const entry = await this.entryOf(absolute, source)
    if (entry === undefined) throw new AppError({ code: 'not_found', message: `${absolute} is not a file` })
    return entry
  }

  /** An uploaded file (already verified), kept in memory under a new id; the oldest upload goes past the bound. */
  addUpload(name: string, buffer: Buffer, manifest: InventoryManifest, now = Date.now()): InventoryFileEntry {
    const fileId = newId()
    const entry: InventoryFileEntry = {
      fileId,
      name: basename(name).slice(0, 255) || 'inventory.zip',
      source: 'upload',
      bytes: buffer.byteLength,
      modifiedAt: now,
      takenAt: manifest.takenAt,
      summary: manifest.summary,
    }
    this.byId.set(fileId, { kind: 'upload', buffer, entry })
    this.uploads.push(fileId)
    const bytes = (): number =>
      this.uploads.reduce((sum, id) => {
        const known = this.byId.get(id)
        return sum + (known?.kind === 'upload' ? known.buffer.byteLength : 0)
      }, 0)
    while (this.uploads.length > MAX_UPLOADS || (this.uploads.length > 1 && bytes() > MAX_UPLOAD_BYTES))
      this.byId.delete(this.uploads.shift() as string)
    return entry
  }

  /** Where the file of `fileId` is; `not_found` for an id main never gave (or forgot). */
  source(fileId: string): FileSource {
    const known = this.byId.get(fileId)
    if (known === undefined)
      throw new AppError({ code: 'not_found', message: 'no inventory snapshot file with this id' })
    return known.kind === 'path' ? { path: known.path } : { buffer: known.buffer }
  }

  /**
   * What names the version of `fileId`'s bytes: an upload's never change; a path's are its size and time of
   * modification and change now (a file rewritten in place is another version, read and verified again; its
   * change time cannot be set back by hand, as its modification time can).
   */
  async version(fileId: string): Promise<string> {
    const source = this.source(fileId)
    if (!('path' in source)) return fileId
    const stats = await stat(source.path).catch(() => undefined)
    return stats === undefined
      ? `${fileId}:gone`
      : `${fileId}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`
  }

  /**
   * The entry of `fileId` as last listed (a path's is read again: its size and manifest may have changed). With
   * `verified`, the manifest of the file just verified gives its facts, never a second, unverified read of it
   * (the file may have been swapped in between).
   */
  async entry(fileId: string, verified?: InventoryManifest): Promise<InventoryFileEntry> {
    const known = this.byId.get(fileId)
    if (known === undefined)
      throw new AppError({ code: 'not_found', message: 'no inventory snapshot file with this id' })
    if (known.kind === 'upload')
      return verified === undefined
        ? known.entry
        : { ...known.entry, takenAt: verified.takenAt, summary: verified.summary }
    const source: Source = this.argumentPaths.includes(known.path)
      ? 'argument'
      : dirname(known.path) === resolve(this.folder)
        ? 'folder'
        : 'recent'
    const entry = await this.entryOf(known.path, source, verified)
    if (entry === undefined) throw new AppError({ code: 'not_found', message: `${known.path} is gone` })
    return entry
  }

  /** The entry of a file just written into the folder. */
  async written(path: string): Promise<InventoryFileEntry> {
    const entry = await this.entryOf(resolve(path), 'folder')
    if (entry === undefined) throw new AppError({ code: 'internal', message: `${path} is not there` })
    return entry
  }

  /** The folder's `*.zip` files, the newest {@link MAX_FOLDER_FILES} by modification time. */
  async folderFiles(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.folder)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const files: { path: string; mtime: number }[] = []
    await inBatches(
      names.filter((n) => n.endsWith('.zip') && !n.startsWith('.')),
      MANIFEST_READS,
      async (name) => {
        const path = join(this.folder, name)
        const stats = await stat(path).catch(() => undefined)
        if (stats?.isFile() === true) files.push({ path, mtime: stats.mtimeMs })
      },
    )
    files.sort((a, b) => b.mtime - a.mtime)
    return files.slice(0, MAX_FOLDER_FILES).map((f) => f.path)
  }

  private async entryOf(
    path: string,
    source: Source,
    verified?: InventoryManifest,
  ): Promise<InventoryFileEntry | undefined> {
    const stats = await stat(path).catch(() => undefined)
    if (stats?.isFile() !== true) return undefined
    const base: InventoryFileEntry = {
      fileId: this.idFor(path),
      name: basename(path),
      path,
      source,
      bytes: stats.size,
      modifiedAt: stats.mtimeMs,
    }
    if (verified !== undefined) return { ...base, takenAt: verified.takenAt, summary: verified.summary }
    const cached = this.manifests.get(path)
    if (cached !== undefined && cached.bytes === stats.size && cached.mtime === stats.mtimeMs)
      return { ...base, takenAt: cached.manifest.takenAt, summary: cached.manifest.summary }
    try {
      const manifest = await readInventoryManifest(path)
      this.manifests.set(path, { bytes: stats.size, mtime: stats.mtimeMs, manifest })
      if (this.manifests.size > MAX_IDS) this.manifests.delete(this.manifests.keys().next().value as string)
      return { ...base, takenAt: manifest.takenAt, summary: manifest.summary }
    } catch (error) {
      const e = AppError.from(error)
      return { ...base, unreadable: e.detail?.reason ?? e.code }
    }
  }

  private idFor(path: string): string {
    const existing = this.idOfPath.get(path)
    if (existing !== undefined) return existing
    const id = newId()
    this.idOfPath.set(path, id)
    this.byId.set(id, { kind: 'path', path })
    if (this.idOfPath.size > MAX_IDS) {
      const [oldPath, oldId] = this.idOfPath.entries().next().value as [string, string]
      this.idOfPath.delete(oldPath)
      this.byId.delete(oldId)
    }
    return id
  }
}

const newId = (): string => randomBytes(16).toString('base64url')

const newness = (entry: InventoryFileEntry): number =>
  entry.takenAt === undefined ? entry.modifiedAt : Date.parse(entry.takenAt)

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work))
}
