import { createHash } from 'node:crypto'

import { ZipFile } from 'yazl'

import { AppError } from '../../../shared/ipc/errors'
import {
  INVENTORY_MEMBERS,
  type InventoryManifest,
  InventorySnapshot,
} from '../../../shared/model/inventory-snapshot'
import { writeFileExclusiveAtomic } from './atomic-write'
import { canonicalJson } from './canonical-json'
import { inventoryInvalid } from './inventory-invalid'
import { BoundedZip } from './bounded-zip'
import { inflateRatioRefusal, INVENTORY_LIMITS } from './inventory-limits'
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth'
import { firstIssue, manifestOf } from './inventory-manifest'
import { readmeText } from './inventory-readme'
import type { InventorySigningKey } from './signing-key'

// The file's interface in one place (design "The file (lane B)"): the writer here, the reader beside it.
export { INVENTORY_LIMITS } from './inventory-limits'
export {
  type InventoryVerification,
  readInventoryFile,
  readInventoryManifest,
  type VerifiedInventory,
  verifyInventoryFile,
} from './inventory-reader'

/** `pvedesk-inventory-20261201-120000Z.zip`; a scheduled one ends `-scheduled.zip`. */
export function inventoryFileName(takenAt: Date, trigger: 'manual' | 'scheduled' | 'cli'): string {
  const iso = takenAt.toISOString() // 2026-12-01T12:00:00.000Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}Z`
  return `pvedesk-inventory-${stamp}${trigger === 'scheduled' ? '-scheduled' : ''}.zip`
}

/**
 * Writes `snapshot` as an inventory snapshot file at `path`, atomically: the canonical JSON, its SSHSIG by
 * `key`, the manifest and README. What is written is what the schema reads back (parsed first: a capture bug
 * fails here, `internal`, instead of writing a file every reader refuses).
 */
export async function writeInventoryFile(
  path: string,
  snapshot: InventorySnapshot,
  key: InventorySigningKey,
): Promise<{ manifest: InventoryManifest; bytes: number }> {
  // Before the schema, whose recursive JsonValue would overflow the stack: what the reader refuses, unwritten.
  const deep = tooDeepAt(snapshot)
  if (deep !== undefined)
    throw new AppError({
      code: 'internal',
      message: `the inventory snapshot nests deeper than ${MAX_JSON_DEPTH} at ${deep}`,
    })
  const parsed = InventorySnapshot.safeParse(snapshot)
  if (!parsed.success)
    throw new AppError({
      code: 'internal',
      message: `the inventory snapshot does not match its schema: ${firstIssue(parsed.error.issues)}`,
    })
  const content = Buffer.from(canonicalJson(parsed.data), 'utf8')
  if (content.length > INVENTORY_LIMITS.contentBytes)
    throw inventoryInvalid('too_large', `inventory.json would have ${content.length} bytes`)
  const sha256 = createHash('sha256').update(content).digest('hex')
  const signature = key.sign(content)
  const manifest = manifestOf(parsed.data, { sha256, bytes: content.length }, key.signer)
  let zip = await zipped(manifest, content, signature, true)
  // Content that deflates further than the reader lets it inflate (an improbably uniform fleet) is stored.
  if (inflateRatioRefusal(content.length, await compressedContentSize(zip)) !== undefined)
    zip = await zipped(manifest, content, signature, false)
  if (zip.length > INVENTORY_LIMITS.fileBytes)
    throw inventoryInvalid('too_large', `the file would have ${zip.length} bytes`)
  await writeFileExclusiveAtomic(path, zip)
  return { manifest, bytes: zip.length }
}

async function compressedContentSize(zip: Buffer): Promise<number> {
  const archive = await BoundedZip.open(
    { buffer: zip },
    { fileBytes: zip.length, entries: INVENTORY_LIMITS.entries },
  )
  try {
    return archive.entries.get(INVENTORY_MEMBERS.content)?.compressedSize ?? 0
  } finally {
    archive.dispose()
  }
}

function zipped(
  manifest: InventoryManifest,
  content: Buffer,
  signature: string,
  compressContent: boolean,
): Promise<Buffer> {
  const zip = new ZipFile()
  // The snapshot's own time, so that the same inventory snapshot gives the same archive.
  const options = { mtime: new Date(manifest.takenAt), mode: 0o100644 }
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), INVENTORY_MEMBERS.manifest, options)
  zip.addBuffer(content, INVENTORY_MEMBERS.content, { ...options, compress: compressContent })
  zip.addBuffer(Buffer.from(signature), INVENTORY_MEMBERS.signature, options)
  zip.addBuffer(Buffer.from(readmeText(manifest)), INVENTORY_MEMBERS.readme, options)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
  })
}
