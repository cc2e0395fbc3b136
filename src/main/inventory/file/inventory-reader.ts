import { createHash, type Hash } from 'node:crypto'

import type yauzl from 'yauzl'
import { z } from 'zod'

import { AppError } from '../../../shared/ipc/errors'
import {
  INVENTORY_MEMBERS,
  INVENTORY_SIGNATURE_NAMESPACE,
  InventoryDr,
  type InventoryIssue,
  InventoryMeta,
  type InventoryManifest,
  type InventorySigner,
  InventorySnapshot,
} from '../../../shared/model/inventory-snapshot'
import { BoundedZip, type ZipSource } from './bounded-zip'
import { canonicalJson } from './canonical-json'
import { inventoryInvalid } from './inventory-invalid'
import { inflateRatioRefusal, INVENTORY_LIMITS } from './inventory-limits'
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth'
import { firstIssue, parseManifest, summaryOf } from './inventory-manifest'
import { fingerprintOf, FINGERPRINT, parsePublicKeyLine, type SshPublicKey } from './ssh-public-key'
import { type ParsedSshSignature, parseSshSignature, sshsigVerify } from './sshsig'

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
  // The declared size is what may inflate (yauzl's validateEntrySizes stops a member that inflates more).
  const ratio = inflateRatioRefusal(members.content.uncompressedSize, members.content.compressedSize)
  if (ratio !== undefined) throw inventoryInvalid('too_large', ratio, { member: INVENTORY_MEMBERS.content })
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
  const read = await readVerified(source, options, ReadableSnapshot)
  return { ...read, snapshot: withReadableDr(read.snapshot) }
}

/** The content as read: its `dr` is judged on its own, so that a flaw there does not cost the whole file. */
const ReadableSnapshot = InventorySnapshot.extend({ dr: z.unknown().optional() })

/**
 * The snapshot with its DR part when it reads, else without it and an issue saying so: the DR report is PVE
 * Desk's own reading of the data (an older or newer app's), the audit's PVE answers stand without it.
 */
function withReadableDr(read: z.infer<typeof ReadableSnapshot>): InventorySnapshot {
  const { dr, ...rest } = read
  if (dr === undefined) return rest
  const parsed = InventoryDr.safeParse(dr)
  if (parsed.success) return { ...rest, dr: parsed.data }
  const issue: InventoryIssue = {
    clusterId: '',
    path: 'dr',
    code: 'bad_response',
    message: `the DR report does not read, shown without it: ${firstIssue(parsed.error.issues)}`,
  }
  return { ...rest, issues: [...rest.issues, issue] }
}

/** What `verifyInventoryFile` vouches for: the signed file's identity, without its content. */
export type InventoryVerification = Omit<VerifiedInventory, 'snapshot'> & { meta: InventoryMeta }

/**
 * The checks of {@link readInventoryFile} that make a file *verified* (the archive, manifest, digest, SSHSIG,
 * manifest against the signed meta and counts, the required signer), without judging the whole content against
 * the schema: for `pvedesk inventory verify`, whose exit 0 means digest and signature hold. The content is
 * still parsed (the manifest's time and author must be the signed ones), so a verified file is JSON.
 */
export async function verifyInventoryFile(
  source: ZipSource,
  options: { requireSigner?: string } = {},
): Promise<InventoryVerification> {
  const { snapshot, ...rest } = await readVerified(source, options, SignedShape)
  return { ...rest, meta: snapshot.meta }
}

/** What a verification needs of the content: its identity and the counts the manifest repeats. */
const SignedShape = z.object({
  format: InventorySnapshot.shape.format,
  schemaVersion: InventorySnapshot.shape.schemaVersion,
  meta: InventoryMeta,
  clusters: z.array(z.object({ nodes: z.array(z.unknown()), guests: z.array(z.unknown()) })),
  issues: z.array(z.unknown()),
})
type SignedShape = z.infer<typeof SignedShape>

async function readVerified<T extends SignedShape>(
  source: ZipSource,
  options: { requireSigner?: string },
  schema: z.ZodType<T>,
): Promise<Omit<VerifiedInventory, 'snapshot'> & { snapshot: T }> {
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
    const snapshot = parseContent(content.text, schema)
    checkManifest(manifest, snapshot)
    const fingerprint = fingerprintOf(signer.key)
    if (required !== undefined && required !== fingerprint)
      throw inventoryInvalid('signer_untrusted', `signed by ${fingerprint}, not by ${required}`, {
        expected: required,
        actual: fingerprint,
      })
    return {
      manifest,
      snapshot,
      signer: { publicKey: manifest.signature.signer.publicKey, fingerprint },
      sha256: content.sha256,
      bytes: content.bytes,
    }
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

function parseContent<T>(text: string | undefined, schema: z.ZodType<T>): T {
  let value: unknown
  try {
    if (text === undefined) throw new SyntaxError('not UTF-8')
    value = JSON.parse(text)
  } catch {
    throw inventoryInvalid('schema', 'inventory.json is not UTF-8 JSON', {
      member: INVENTORY_MEMBERS.content,
    })
  }
  // Before the schema: its JsonValue is recursive, and would overflow the stack (RangeError, `internal`).
  const deep = tooDeepAt(value)
  if (deep !== undefined)
    throw inventoryInvalid('schema', `inventory.json nests deeper than ${MAX_JSON_DEPTH} at ${deep}`, {
      member: INVENTORY_MEMBERS.content,
    })
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw inventoryInvalid('schema', `inventory.json: ${firstIssue(parsed.error.issues)}`, {
      member: INVENTORY_MEMBERS.content,
    })
  return parsed.data
}

/** The manifest is not signed: what it says must be what the signed content says. */
function checkManifest(manifest: InventoryManifest, snapshot: SignedShape): void {
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
