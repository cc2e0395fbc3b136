import { createHash, type Hash } from 'node:crypto'

import type yauzl from 'yauzl'
import { ZipFile } from 'yazl'

import { AppError } from '../../../shared/ipc/errors'
import { MAX_INVENTORY_FILE_BYTES } from '../../../shared/ipc/domains/inventory'
import {
  INVENTORY_MEMBERS,
  INVENTORY_SIGNATURE_NAMESPACE,
  type InventoryManifest,
  type InventorySigner,
  InventorySnapshot,
} from '../../../shared/model/inventory-snapshot'
import { writeFileExclusiveAtomic } from './atomic-write'
import { BoundedZip, type ZipSource } from './bounded-zip'
import { canonicalJson } from './canonical-json'
import { inventoryInvalid } from './inventory-invalid'
import { firstIssue, manifestOf, parseManifest, summaryOf } from './inventory-manifest'
import { readmeText } from './inventory-readme'
import type { InventorySigningKey } from './signing-key'
import { fingerprintOf, FINGERPRINT, parsePublicKeyLine, type SshPublicKey } from './ssh-public-key'
import { type ParsedSshSignature, parseSshSignature, sshsigVerify } from './sshsig'

/**
 * What a reader accepts, fixed before anything is inflated. `content` is below V8's largest string (~512 MiB):
 * a 10,000-guest fleet is ~20 MB, so 256 MiB is ten times the largest fleet we know and still parses.
 */
export const INVENTORY_LIMITS = {
  fileBytes: MAX_INVENTORY_FILE_BYTES,
  entries: 16,
  manifestBytes: 1024 * 1024,
  signatureBytes: 64 * 1024,
  contentBytes: 256 * 1024 * 1024,
  readmeBytes: 64 * 1024,
} as const

/** An inventory snapshot whose digest, signature and manifest held: all of it, or an error, never part. */
export interface VerifiedInventory {
  manifest: InventoryManifest
  snapshot: InventorySnapshot
  /** The key that signed (from the signature; the comment from the manifest, which is not signed). */
  signer: InventorySigner
  /** SHA-256 of inventory.json, lower-case hex. */
  sha256: string
  /** Size of inventory.json. */
  bytes: number
}

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
  const zip = await zipped(manifest, content, signature)
  if (zip.length > INVENTORY_LIMITS.fileBytes)
    throw inventoryInvalid('too_large', `the file would have ${zip.length} bytes`)
  await writeFileExclusiveAtomic(path, zip)
  return { manifest, bytes: zip.length }
}

function zipped(manifest: InventoryManifest, content: Buffer, signature: string): Promise<Buffer> {
  const zip = new ZipFile()
  // The snapshot's own time, so that the same inventory snapshot gives the same archive.
  const options = { mtime: new Date(manifest.takenAt), mode: 0o100644 }
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), INVENTORY_MEMBERS.manifest, options)
  zip.addBuffer(content, INVENTORY_MEMBERS.content, options)
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

type Members = { manifest: yauzl.Entry; content: yauzl.Entry; signature: yauzl.Entry }

const ALLOWED = new Set<string>(Object.values(INVENTORY_MEMBERS))
const DECLARED_LIMITS: [string, number][] = [
  [INVENTORY_MEMBERS.manifest, INVENTORY_LIMITS.manifestBytes],
  [INVENTORY_MEMBERS.content, INVENTORY_LIMITS.contentBytes],
  [INVENTORY_MEMBERS.signature, INVENTORY_LIMITS.signatureBytes],
  [INVENTORY_MEMBERS.readme, INVENTORY_LIMITS.readmeBytes],
]

/**
 * The members, checked before any is inflated: exactly ours (README.txt may be absent: it carries nothing that
 * is checked), none encrypted, stored or deflated only, each within its limit as declared. Any other member is
 * refused rather than ignored: an auditor who unzips the file would see it beside the signed content.
 */
function membersOf(zip: BoundedZip): Members {
  for (const [name, entry] of zip.entries) {
    if (!ALLOWED.has(name))
      throw inventoryInvalid(
        'not_inventory',
        `the archive holds ${name}, which is not a member of an inventory snapshot`,
        {
          member: name,
        },
      )
    if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8))
      throw inventoryInvalid('not_inventory', `${name} is encrypted or compressed in an unknown way`, {
        member: name,
      })
  }
  const get = (name: string): yauzl.Entry => {
    const entry = zip.entries.get(name)
    if (entry === undefined) throw inventoryInvalid('missing_member', `${name} is missing`, { member: name })
    return entry
  }
  const members = {
    manifest: get(INVENTORY_MEMBERS.manifest),
    content: get(INVENTORY_MEMBERS.content),
    signature: get(INVENTORY_MEMBERS.signature),
  }
  for (const [name, limit] of DECLARED_LIMITS) {
    const declared = zip.entries.get(name)?.uncompressedSize ?? 0
    if (declared > limit)
      throw inventoryInvalid('too_large', `${name} declares ${declared} bytes, more than ${limit}`, {
        member: name,
      })
  }
  return members
}

async function openZip(source: ZipSource): Promise<BoundedZip> {
  return BoundedZip.open(source, { fileBytes: INVENTORY_LIMITS.fileBytes, entries: INVENTORY_LIMITS.entries })
}

async function readManifestMember(zip: BoundedZip, entry: yauzl.Entry): Promise<InventoryManifest> {
  const { data } = await zip.read(entry, {
    maxBytes: INVENTORY_LIMITS.manifestBytes,
    damaged: 'not_inventory',
    keep: true,
  })
  return parseManifest(data)
}

/** Reads only manifest.json (bounded), for listings: nothing is verified, the summary is what it claims. */
export async function readInventoryManifest(path: string): Promise<InventoryManifest> {
  const zip = await openZip({ path })
  try {
    return await readManifestMember(zip, membersOf(zip).manifest)
  } finally {
    zip.dispose()
  }
}

/**
 * Reads and verifies an inventory snapshot file, in this order, each failure `inventory_invalid` with its
 * reason: the archive and its members (not_zip, truncated, too_large, missing_member, not_inventory) → the
 * manifest (not_inventory, newer_version, schema) → inventory.json's SHA-256 and size against the manifest
 * (digest_mismatch) → the SSHSIG by the manifest's signer (signature_invalid) → the content against the
 * schema (schema) → the manifest against the signed content (manifest_mismatch) → the required signer
 * (signer_untrusted). inventory.json is inflated once: hashed (SHA-256 and the signature's hash) and decoded as
 * it inflates; nothing of it is kept but the text.
 */
export async function readInventoryFile(
  source: ZipSource,
  options: { requireSigner?: string } = {},
): Promise<VerifiedInventory> {
  const required = options.requireSigner === undefined ? undefined : requiredSigner(options.requireSigner)
  const zip = await openZip(source)
  try {
    const members = membersOf(zip)
    const manifest = await readManifestMember(zip, members.manifest)
    const signer = manifestSigner(manifest)
    const sigBytes = await zip.read(members.signature, {
      maxBytes: INVENTORY_LIMITS.signatureBytes,
      damaged: 'signature_invalid',
      keep: true,
    })
    let sig: ParsedSshSignature | undefined
    let sigError = ''
    try {
      sig = parseSshSignature(sigBytes.data.toString('utf8'))
    } catch (error) {
      sigError = error instanceof Error ? error.message : String(error)
    }
    if (members.content.uncompressedSize !== manifest.content.bytes)
      throw inventoryInvalid(
        'digest_mismatch',
        `inventory.json has ${members.content.uncompressedSize} bytes, the manifest says ${manifest.content.bytes}`,
      )
    const content = await inflateContent(zip, members.content, sig?.hashAlgorithm)
    if (content.sha256 !== manifest.content.sha256)
      throw inventoryInvalid(
        'digest_mismatch',
        `inventory.json's SHA-256 is ${content.sha256}, the manifest says ${manifest.content.sha256}`,
      )
    if (sig === undefined) throw inventoryInvalid('signature_invalid', `inventory.json.sig: ${sigError}`)
    checkSignature(sig, signer.key, content.signedHash)
    const snapshot = parseContent(content.text)
    checkManifest(manifest, snapshot)
    const verified: VerifiedInventory = {
      manifest,
      snapshot,
      signer: { publicKey: manifest.signature.signer.publicKey, fingerprint: fingerprintOf(signer.key) },
      sha256: content.sha256,
      bytes: content.bytes,
    }
    if (required !== undefined && required !== verified.signer.fingerprint)
      throw inventoryInvalid(
        'signer_untrusted',
        `signed by ${verified.signer.fingerprint}, not by ${required}`,
        {
          expected: required,
          actual: verified.signer.fingerprint,
        },
      )
    return verified
  } finally {
    zip.dispose()
  }
}

/** The fingerprint of a required signer given as a public key line or as `SHA256:…`. */
function requiredSigner(text: string): string {
  const trimmed = text.trim()
  if (FINGERPRINT.test(trimmed)) return trimmed
  try {
    return fingerprintOf(parsePublicKeyLine(trimmed).key)
  } catch (error) {
    throw new AppError({
      code: 'invalid_request',
      message: `the required signer is neither an ssh-ed25519 public key line nor a SHA256: fingerprint (${error instanceof Error ? error.message : String(error)})`,
    })
  }
}

function manifestSigner(manifest: InventoryManifest): { key: SshPublicKey } {
  let key: SshPublicKey
  try {
    key = parsePublicKeyLine(manifest.signature.signer.publicKey).key
  } catch (error) {
    throw inventoryInvalid(
      'schema',
      `manifest.json: the signer's public key does not read (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  // The fingerprint is what people compare: it must be this key's, or a listing would show a borrowed one.
  if (fingerprintOf(key) !== manifest.signature.signer.fingerprint)
    throw inventoryInvalid(
      'manifest_mismatch',
      `manifest.json: the fingerprint ${manifest.signature.signer.fingerprint} is not its public key's`,
    )
  return { key }
}

async function inflateContent(
  zip: BoundedZip,
  entry: yauzl.Entry,
  sigHash: ParsedSshSignature['hashAlgorithm'] | undefined,
): Promise<{ sha256: string; signedHash: Buffer; text: string | undefined; bytes: number }> {
  const sha256 = createHash('sha256')
  const other: Hash | undefined = sigHash === 'sha512' ? createHash('sha512') : undefined
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let text = ''
  let decodeError: string | undefined
  const { bytes } = await zip.read(entry, {
    maxBytes: INVENTORY_LIMITS.contentBytes,
    damaged: 'digest_mismatch',
    keep: false,
    onChunk: (chunk) => {
      sha256.update(chunk)
      other?.update(chunk)
      if (decodeError !== undefined) return
      try {
        text += decoder.decode(chunk, { stream: true })
      } catch {
        decodeError = 'not UTF-8'
      }
    },
  })
  if (decodeError === undefined) {
    try {
      text += decoder.decode()
    } catch {
      decodeError = 'not UTF-8'
    }
  }
  const sha = sha256.digest()
  return {
    sha256: sha.toString('hex'),
    signedHash: other?.digest() ?? sha,
    // Not UTF-8 shows only after the digest and signature held (the order of checks), as a schema error.
    text: decodeError === undefined ? text : undefined,
    bytes,
  }
}

function checkSignature(sig: ParsedSshSignature, manifestKey: SshPublicKey, signedHash: Buffer): void {
  if (!sig.publicKey.wire.equals(manifestKey.wire))
    throw inventoryInvalid(
      'signature_invalid',
      `inventory.json.sig is by ${fingerprintOf(sig.publicKey)}, the manifest names ${fingerprintOf(manifestKey)}`,
    )
  if (sig.namespace !== INVENTORY_SIGNATURE_NAMESPACE)
    throw inventoryInvalid(
      'signature_invalid',
      `inventory.json.sig is for namespace ${sig.namespace}, not ${INVENTORY_SIGNATURE_NAMESPACE}`,
    )
  if (!sshsigVerify(sig, INVENTORY_SIGNATURE_NAMESPACE, signedHash))
    throw inventoryInvalid('signature_invalid', `inventory.json.sig does not hold for inventory.json`)
}

function parseContent(text: string | undefined): InventorySnapshot {
  let value: unknown
  try {
    if (text === undefined) throw new SyntaxError('not UTF-8')
    value = JSON.parse(text)
  } catch {
    throw inventoryInvalid('schema', 'inventory.json is not UTF-8 JSON', {
      member: INVENTORY_MEMBERS.content,
    })
  }
  const parsed = InventorySnapshot.safeParse(value)
  if (!parsed.success)
    throw inventoryInvalid('schema', `inventory.json: ${firstIssue(parsed.error.issues)}`, {
      member: INVENTORY_MEMBERS.content,
    })
  return parsed.data
}

/** The manifest is not signed: what it says must be what the signed content says. */
function checkManifest(manifest: InventoryManifest, snapshot: InventorySnapshot): void {
  const meta = snapshot.meta
  const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b)
  const differs: string[] = []
  if (manifest.takenAt !== meta.takenAt) differs.push('takenAt')
  if (!same(manifest.takenBy, meta.takenBy)) differs.push('takenBy')
  if (!same(manifest.app, meta.app)) differs.push('app')
  if (!same(manifest.summary, summaryOf(snapshot))) differs.push('summary')
  if (manifest.schemaVersion !== snapshot.schemaVersion) differs.push('schemaVersion')
  if (differs.length > 0)
    throw inventoryInvalid(
      'manifest_mismatch',
      `manifest.json's ${differs.join(', ')} differ from inventory.json`,
    )
}
