import { close, fstat, open as openFile, read } from 'node:fs'
import { promisify } from 'node:util'

import yauzl from 'yauzl'

import { AppError } from '../../../shared/ipc/errors'
import type { IDisposable } from '../../../shared/lifecycle'
import { inventoryInvalid, type InvalidReason } from './inventory-invalid'

export type ZipSource = { path: string } | { buffer: Buffer }

/**
 * A ZIP archive read with bounds fixed before anything is inflated: the archive's size, the number of entries,
 * duplicate names, and each member's size counted while it inflates (yauzl's `validateEntrySizes` also stops
 * a member whose header lies about its size), so that a hostile file cannot make us allocate beyond the limits.
 * Every failure is `inventory_invalid` with a reason; nothing else escapes.
 */
export class BoundedZip implements IDisposable {
  private disposed = false

  private constructor(
    private readonly zip: yauzl.ZipFile,
    /** Every entry by name; duplicates were refused. */
    readonly entries: ReadonlyMap<string, yauzl.Entry>,
  ) {}

  static async open(source: ZipSource, limits: { fileBytes: number; entries: number }): Promise<BoundedZip> {
    let zip: yauzl.ZipFile
    let looksLikeZip: boolean
    if ('buffer' in source) {
      checkSize(source.buffer.length, limits.fileBytes)
      looksLikeZip = startsLikeZip(source.buffer)
      zip = await withZipErrors(looksLikeZip, (cb) => {
        yauzl.fromBuffer(source.buffer, OPTIONS, cb)
      })
    } else {
      // A plain fd, not a FileHandle: once yauzl has it, yauzl closes it (when the archive and its streams are
      // done); until then it is ours to close.
      const fd = await openSource(source.path)
      try {
        const stat = await promisify(fstat)(fd)
        if (!stat.isFile()) throw inventoryInvalid('not_zip', `${source.path} is not a file`)
        checkSize(stat.size, limits.fileBytes)
        const head = Buffer.alloc(4)
        await promisify(read)(fd, head, 0, 4, 0)
        looksLikeZip = startsLikeZip(head)
        zip = await withZipErrors(looksLikeZip, (cb) => {
          yauzl.fromFd(fd, { ...OPTIONS, autoClose: false }, cb)
        })
      } catch (error) {
        close(fd, () => undefined)
        throw error
      }
    }
    try {
      const entries = await listEntries(zip, limits.entries, looksLikeZip)
      await checkLocalHeaders(zip, entries)
      return new BoundedZip(zip, entries)
    } catch (error) {
      zip.close()
      throw error
    }
  }

  /**
   * Inflates one member, refusing more than `maxBytes` (declared or actual); `onChunk` sees every chunk as it
   * comes (to hash and decode while inflating). `damaged` is the reason given when its data does not inflate.
   * Returns the bytes when `keep` (small members), else only their count.
   */
  async read(
    entry: yauzl.Entry,
    options: { maxBytes: number; damaged: InvalidReason; keep: boolean; onChunk?: (chunk: Buffer) => void },
  ): Promise<{ bytes: number; data: Buffer }> {
    const { maxBytes, damaged, keep, onChunk } = options
    const name = entry.fileName
    if (entry.uncompressedSize > maxBytes) throw tooLarge(name, entry.uncompressedSize, maxBytes)
    const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) => {
      this.zip.openReadStream(entry, (error, s) => {
        if (error === null) resolve(s)
        else reject(inventoryInvalid('truncated', `${name}: ${error.message}`, { member: name }))
      })
    })
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let total = 0
      let settled = false
      const fail = (error: AppError): void => {
        if (settled) return
        settled = true
        stream.destroy()
        reject(error)
      }
      stream.on('data', (chunk: Buffer) => {
        if (settled) return
        total += chunk.length
        if (total > maxBytes) {
          fail(tooLarge(name, total, maxBytes))
          return
        }
        if (keep) chunks.push(chunk)
        try {
          onChunk?.(chunk)
        } catch (error) {
          fail(AppError.from(error))
        }
      })
      stream.on('error', (error: Error) => fail(streamError(name, error, damaged)))
      stream.on('end', () => {
        if (settled) return
        settled = true
        resolve({ bytes: total, data: keep ? Buffer.concat(chunks, total) : Buffer.alloc(0) })
      })
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.zip.close()
  }
}

const OPTIONS: yauzl.Options = {
  lazyEntries: true,
  validateEntrySizes: true,
  decodeStrings: true,
  strictFileNames: true,
}

/** "PK\x03\x04": what a ZIP archive written by a ZIP tool starts with (a cut-short one too). */
function startsLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50
}

function checkSize(size: number, max: number): void {
  if (size > max) throw inventoryInvalid('too_large', `the file has ${size} bytes, more than ${max}`)
}

async function openSource(path: string): Promise<number> {
  try {
    return await promisify(openFile)(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = error instanceof Error ? error.message : String(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError({ code: 'not_found', message })
    if (code === 'EISDIR') throw inventoryInvalid('not_zip', `${path} is not a file`)
    throw new AppError({ code: 'internal', message }, { cause: error })
  }
}

function withZipErrors(
  looksLikeZip: boolean,
  start: (cb: (error: Error | null, zip: yauzl.ZipFile) => void) => void,
): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    start((error, zip) => {
      if (error === null) resolve(zip)
      else reject(structureError(looksLikeZip, error))
    })
  })
}

/** A broken central directory: cut short if the file began as a ZIP archive does, else not one at all. */
function structureError(looksLikeZip: boolean, error: Error): AppError {
  return looksLikeZip
    ? inventoryInvalid('truncated', `the archive is damaged or cut short: ${error.message}`)
    : inventoryInvalid('not_zip', `not a ZIP archive: ${error.message}`)
}

function listEntries(
  zip: yauzl.ZipFile,
  maxEntries: number,
  looksLikeZip: boolean,
): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > maxEntries)
    return Promise.reject(
      inventoryInvalid('too_large', `the archive has ${zip.entryCount} entries, more than ${maxEntries}`),
    )
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>()
    zip.on('entry', (entry: yauzl.Entry) => {
      // Two members of one name: tools disagree on which one they extract, so an auditor could be shown
      // another inventory.json than the one verified.
      if (entries.has(entry.fileName)) {
        reject(
          inventoryInvalid('not_inventory', `two members named ${entry.fileName}`, {
            member: entry.fileName,
          }),
        )
        return
      }
      entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve(entries))
    zip.on('error', (error: Error) => reject(structureError(looksLikeZip, error)))
    zip.readEntry()
  })
}

/**
 * Each member's local header (what streaming unzip tools read) must say what its central directory entry says
 * (what we read): else one archive shows an auditor's tool another member than the one verified.
 */
async function checkLocalHeaders(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>): Promise<void> {
  for (const entry of entries.values()) {
    const local = await new Promise<yauzl.LocalFileHeader>((resolve, reject) => {
      zip.readLocalFileHeader(entry, (error, header) => {
        if (error === null) resolve(header)
        else
          reject(
            inventoryInvalid('truncated', `${entry.fileName}: ${error.message}`, { member: entry.fileName }),
          )
      })
    })
    if (
      !local.fileName.equals(Buffer.from(entry.fileName, 'utf8')) ||
      local.compressionMethod !== entry.compressionMethod
    )
      throw inventoryInvalid(
        'not_inventory',
        `the local header of ${entry.fileName} does not match its central directory entry`,
        { member: entry.fileName },
      )
  }
}

function tooLarge(name: string, bytes: number, max: number): AppError {
  return inventoryInvalid('too_large', `${name} has more than ${max} bytes (${bytes})`, { member: name })
}

function streamError(name: string, error: Error, damaged: InvalidReason): AppError {
  const message = `${name}: ${error.message}`
  // yauzl's validateEntrySizes: more bytes inflate than the header declared (a zip bomb's lie), or fewer.
  if (/too many bytes/.test(error.message)) return inventoryInvalid('too_large', message, { member: name })
  if (/not enough bytes|unexpected end|EOF/i.test(error.message))
    return inventoryInvalid('truncated', message, { member: name })
  return inventoryInvalid(damaged, message, { member: name })
}
