import { createHash } from 'node:crypto'
import { crc32, deflateRawSync } from 'node:zlib'

import { ZipFile } from 'yazl'

import type { InventoryManifest } from '../../../shared/model/inventory-snapshot'
import { canonicalJson } from './canonical-json'
import { manifestOf } from './inventory-manifest'
import type { InventorySigningKey } from './signing-key'
import { sampleSnapshot } from './sample-snapshot.testing'

/** Test tools only: archives an attacker (or a broken disk) could make, to replay against the reader. */

export interface Member {
  name: string
  data: Buffer
  compress?: boolean
}

/** A ZIP archive of `members` as yazl writes it (duplicates and any names allowed). */
export function zipOf(members: Member[]): Promise<Buffer> {
  const zip = new ZipFile()
  for (const m of members) {
    if (m.name.endsWith('/')) zip.addEmptyDirectory(m.name, { mtime: new Date(0) })
    else zip.addBuffer(m.data, m.name, { compress: m.compress ?? true, mtime: new Date(0) })
  }
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
  })
}

/** The members of a valid file, each of which a test may replace: content, manifest, signature. */
export function forgedMembers(
  key: InventorySigningKey,
  options: {
    content?: Buffer
    manifest?: (m: InventoryManifest) => unknown
    signature?: (sig: string) => string
    signer?: InventorySigningKey
  } = {},
): Member[] {
  const snapshot = sampleSnapshot()
  const content = options.content ?? Buffer.from(canonicalJson(snapshot), 'utf8')
  const sha256 = createHash('sha256').update(content).digest('hex')
  const signer = options.signer ?? key
  const manifest = manifestOf(snapshot, { sha256, bytes: content.length }, signer.signer)
  const edited = options.manifest?.(manifest) ?? manifest
  const sig = signer.sign(content)
  return [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(edited, null, 2)) },
    { name: 'inventory.json', data: content },
    { name: 'inventory.json.sig', data: Buffer.from(options.signature?.(sig) ?? sig) },
    { name: 'README.txt', data: Buffer.from('read me\n') },
  ]
}

export interface RawEntry {
  name: string
  /** The member's data as stored (already deflated when `method` is 8). */
  stored: Buffer
  method: 0 | 8
  /** What the headers claim. */
  uncompressedSize: number
  crc?: number
}

/** A ZIP archive written by hand, so that headers can lie (a zip bomb declares a small size). */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.crc ?? 0, 14)
    local.writeUInt32LE(e.stored.length, 18)
    local.writeUInt32LE(e.uncompressedSize, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt32LE(e.crc ?? 0, 16)
    central.writeUInt32LE(e.stored.length, 20)
    central.writeUInt32LE(e.uncompressedSize, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, e.stored)
    centrals.push(central, name)
    offset += local.length + name.length + e.stored.length
  }
  const cd = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, eocd])
}

export function storedEntry(m: Member): RawEntry {
  return {
    name: m.name,
    stored: deflateRawSync(m.data),
    method: 8,
    uncompressedSize: m.data.length,
    crc: crc32(m.data),
  }
}

/**
 * A raw deflate stream of `mib` MiB of zeros, made without ever holding them: one MiB deflated with a sync
 * flush (byte-aligned, every back-reference within zeros) repeated, then a final empty block.
 */
export function deflatedZeros(mib: number): Buffer {
  const segment = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: 2 /* Z_SYNC_FLUSH */ })
  return Buffer.concat([...Array.from({ length: mib }, () => segment), Buffer.from([0x03, 0x00])])
}
