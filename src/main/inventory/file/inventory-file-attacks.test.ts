import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AppError } from '../../../shared/ipc/errors'
import type { InventoryManifest } from '../../../shared/model/inventory-snapshot'
import { MAX_INVENTORY_FILE_BYTES } from '../../../shared/ipc/domains/inventory'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { deflatedZeros, forgedMembers, type Member, rawZip, storedEntry, zipOf } from './forge.testing'
import {
  readInventoryFile,
  readInventoryManifest,
  verifyInventoryFile,
  writeInventoryFile,
} from './inventory-file'
import { sampleSnapshot } from './sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from './signing-key'
import { fingerprintOf, publicKeyLine, publicKeyOf } from './ssh-public-key'
import { sshsigSign } from './sshsig'

let dir: string
let key: InventorySigningKey
let other: InventorySigningKey

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-inv-attacks-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  other = await loadSigningKey(new MemorySigningKeyStore(), 'intruder')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * The reason a read is refused with (fails the test if it is accepted or fails otherwise). The verification
 * alone (`pvedesk inventory verify`) must refuse it for the same reason, unless it is about the schema only.
 */
async function refusal(buffer: Buffer, options?: { requireSigner?: string }): Promise<string> {
  const reason = async (read: () => Promise<unknown>): Promise<string> => {
    try {
      await read()
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      const e = error as AppError
      expect(e.code).toBe('inventory_invalid')
      return e.detail?.reason ?? 'none'
    }
    return 'accepted'
  }
  const read = await reason(() => readInventoryFile({ buffer }, options))
  const verify = await reason(() => verifyInventoryFile({ buffer }, options))
  if (read === 'accepted') throw new Error('accepted')
  if (verify !== read && !(read === 'schema' && verify === 'accepted'))
    throw new Error(`verify says ${verify}, read says ${read}`)
  return read
}

const forged = async (...args: Parameters<typeof forgedMembers>): Promise<Buffer> =>
  zipOf(forgedMembers(...args))

describe('the reader refuses, with the reason a user is told', () => {
  it('accepts the forge tool’s untouched output (so the refusals below are about the change)', async () => {
    const verified = await readInventoryFile({ buffer: await forged(key) })
    expect(verified.snapshot).toEqual(sampleSnapshot())
  })

  it('not a ZIP archive, an empty file, a cut-short one', async () => {
    expect(await refusal(Buffer.from('{"format":"pvedesk-inventory"}'))).toBe('not_zip')
    expect(await refusal(Buffer.alloc(0))).toBe('not_zip')
    const whole = await forged(key)
    expect(await refusal(whole.subarray(0, whole.length - 30))).toBe('truncated')
  })

  it('a file larger than MAX_INVENTORY_FILE_BYTES, before reading any of it', async () => {
    const path = join(dir, 'huge.zip')
    writeFileSync(path, '')
    truncateSync(path, MAX_INVENTORY_FILE_BYTES + 1) // sparse: no disk, no memory
    await expect(readInventoryFile({ path })).rejects.toMatchObject({ detail: { reason: 'too_large' } })
    await expect(readInventoryManifest(path)).rejects.toMatchObject({ detail: { reason: 'too_large' } })
  })

  it('a missing file is not_found (the CLI exits 7), a folder is not a ZIP archive', async () => {
    await expect(readInventoryFile({ path: join(dir, 'absent.zip') })).rejects.toMatchObject({
      code: 'not_found',
    })
    await expect(readInventoryFile({ path: dir })).rejects.toMatchObject({ detail: { reason: 'not_zip' } })
  })

  it('a missing member, an extra one, two of one name, too many entries', async () => {
    const members = forgedMembers(key)
    for (const name of ['manifest.json', 'inventory.json', 'inventory.json.sig'])
      expect(await refusal(await zipOf(members.filter((m) => m.name !== name)))).toBe('missing_member')
    // README.txt carries nothing that is checked: a file without it still verifies.
    await readInventoryFile({ buffer: await zipOf(members.filter((m) => m.name !== 'README.txt')) })
    const extra: Member = { name: 'inventory-real.json', data: Buffer.from('{}') }
    expect(await refusal(await zipOf([...members, extra]))).toBe('not_inventory')
    expect(await refusal(await zipOf([...members, { name: 'docs/', data: Buffer.alloc(0) }]))).toBe(
      'not_inventory',
    )
    const second: Member = { name: 'inventory.json', data: Buffer.from('{"other":1}') }
    expect(await refusal(await zipOf([...members, second]))).toBe('not_inventory')
    const many = Array.from({ length: 17 }, (_, i) => ({ name: `m${i}`, data: Buffer.from('x') }))
    expect(await refusal(await zipOf(many))).toBe('too_large')
  })

  it('a manifest that is not ours, from a newer PVE Desk, or does not read', async () => {
    expect(await refusal(await forged(key, { manifest: (m) => ({ ...m, format: 'other' }) }))).toBe(
      'not_inventory',
    )
    const newer = await forged(key, { manifest: (m) => ({ ...m, schemaVersion: 2, content: 'a new shape' }) })
    await expect(readInventoryFile({ buffer: newer })).rejects.toMatchObject({
      detail: { reason: 'newer_version', schemaVersion: '2' },
      message: /newer PVE Desk/,
    })
    const path = join(dir, 'newer.zip')
    writeFileSync(path, newer)
    await expect(readInventoryManifest(path)).rejects.toMatchObject({ detail: { reason: 'newer_version' } })
    expect(await refusal(await forged(key, { manifest: (m) => ({ ...m, takenAt: 'yesterday' }) }))).toBe(
      'schema',
    )
    const notJson = forgedMembers(key)
    notJson[0] = { name: 'manifest.json', data: Buffer.from('{"format":') }
    expect(await refusal(await zipOf(notJson))).toBe('not_inventory')
  })

  it('content whose SHA-256 or size is not the manifest’s', async () => {
    const sha = await forged(key, {
      manifest: (m) => ({ ...m, content: { ...m.content, sha256: 'a'.repeat(64) } }),
    })
    expect(await refusal(sha)).toBe('digest_mismatch')
    const size = await forged(key, { manifest: (m) => ({ ...m, content: { ...m.content, bytes: 10 } }) })
    expect(await refusal(size)).toBe('digest_mismatch')
  })

  it('every single changed byte of inventory.json, the manifest following or not', async () => {
    const members = forgedMembers(key)
    const [manifest, content, signature] = members as [Member, Member, Member]
    const claims = JSON.parse(manifest.data.toString()) as { content: { sha256: string } }
    for (let i = 0; i < content.data.length; i += 1) {
      const changed = Buffer.from(content.data)
      changed[i] = (changed[i] ?? 0) ^ (1 << (i % 8))
      // The attacker updates the digest in the manifest too: the signature still does not hold.
      const sha256 = createHash('sha256').update(changed).digest('hex')
      const edited = { ...claims, content: { ...claims.content, sha256 } }
      const withDigest: Member[] = [
        { name: 'manifest.json', data: Buffer.from(JSON.stringify(edited)), compress: false },
        { name: 'inventory.json', data: changed, compress: false },
        signature,
      ]
      expect(await refusal(await zipOf(withDigest))).toBe('signature_invalid')
      if (i % 97 === 0) {
        const keepManifest = [manifest, { name: 'inventory.json', data: changed }, signature]
        expect(await refusal(await zipOf(keepManifest))).toBe('digest_mismatch')
      }
    }
  }, 120_000)

  it('a signature by another key, by the manifest’s key for other content, in another namespace', async () => {
    // Another key signs, and the manifest names it: valid, unless a signer is required.
    const reSigned = await forged(key, { signer: other })
    const verified = await readInventoryFile({ buffer: reSigned })
    expect(verified.signer.fingerprint).toBe(other.signer.fingerprint)
    expect(await refusal(reSigned, { requireSigner: key.signer.fingerprint })).toBe('signer_untrusted')
    expect(await refusal(reSigned, { requireSigner: key.signer.publicKey })).toBe('signer_untrusted')
    await readInventoryFile({ buffer: reSigned }, { requireSigner: other.signer.publicKey })
    // The manifest names our key, the signature is another key's.
    const mixed = forgedMembers(key)
    mixed[2] = forgedMembers(other)[2] as Member
    expect(await refusal(await zipOf(mixed))).toBe('signature_invalid')
    // A borrowed fingerprint beside the real key.
    const borrowed = await forged(other, {
      manifest: (m) => ({
        ...m,
        signature: { ...m.signature, signer: { ...m.signature.signer, fingerprint: key.signer.fingerprint } },
      }),
    })
    expect(await refusal(borrowed)).toBe('manifest_mismatch')
    expect(await refusal(await forged(key, { signature: () => 'not a signature' }))).toBe('signature_invalid')
    // A valid SSHSIG by the manifest's key, made for another namespace (`ssh-keygen -Y sign -n file`).
    const { privateKey } = generateKeyPairSync('ed25519')
    const pub = publicKeyOf(privateKey)
    const elsewhere: InventorySigningKey = {
      signer: { publicKey: publicKeyLine(pub, 'x@y'), fingerprint: fingerprintOf(pub) },
      sign: (data) => sshsigSign(privateKey, data, 'file'),
    }
    expect(await refusal(await forged(key, { signer: elsewhere }))).toBe('signature_invalid')
  })

  it('a manifest that says other things than the signed content', async () => {
    const edits: ((m: InventoryManifest) => InventoryManifest)[] = [
      (m) => ({ ...m, takenAt: '2020-01-01T00:00:00.000Z' }),
      (m) => ({ ...m, takenBy: { user: 'auditor', host: 'desk-01' } }),
      (m) => ({ ...m, app: { name: 'PVE Desk', version: '9.9.9' } }),
      (m) => ({ ...m, summary: { clusters: 1, nodes: 2, guests: 300, issues: 0 } }),
    ]
    for (const edit of edits)
      expect(await refusal(await forged(key, { manifest: edit }))).toBe('manifest_mismatch')
  })

  it('verify vouches for the signed identity; only the full read judges the content against the schema', async () => {
    const snapshot = sampleSnapshot()
    const content = Buffer.from(
      JSON.stringify({ ...snapshot, clusters: [{ ...snapshot.clusters[0], reach: 'sideways' }] }),
    )
    const buffer = await forged(key, { content })
    expect(await refusal(buffer)).toBe('schema')
    const verified = await verifyInventoryFile({ buffer })
    expect(verified.meta).toEqual(snapshot.meta)
    expect(verified.signer).toEqual(key.signer)
    expect(verified).not.toHaveProperty('snapshot')
  })

  it('signed content that is not UTF-8, not JSON, or not an inventory snapshot', async () => {
    for (const content of [
      Buffer.from([0x7b, 0xff, 0x7d]),
      Buffer.from('{"format":'),
      Buffer.from('{"format":"x"}'),
    ])
      expect(await refusal(await forged(key, { content }))).toBe('schema')
  })

  it('a zip bomb: 1 GiB of zeros declared small is stopped once it passes the declared size', async () => {
    const members = forgedMembers(key)
    const bomb = deflatedZeros(1024)
    const entries = members.map(storedEntry)
    const declared = members[1]?.data.length ?? 0
    entries[1] = { name: 'inventory.json', stored: bomb, method: 8, uncompressedSize: declared }
    const before = process.memoryUsage()
    const reason = await refusal(rawZip(entries))
    const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers
    expect(reason).toBe('too_large')
    expect(grown).toBeLessThan(16 * 1024 * 1024)
    // Declared honestly, it is refused before anything is inflated.
    entries[1] = { name: 'inventory.json', stored: bomb, method: 8, uncompressedSize: 1024 * 1024 * 1024 }
    expect(await refusal(rawZip(entries))).toBe('too_large')
    // A lying manifest.json, the same way.
    const manifestBomb = members.map(storedEntry)
    manifestBomb[0] = { name: 'manifest.json', stored: deflatedZeros(64), method: 8, uncompressedSize: 100 }
    expect(await refusal(rawZip(manifestBomb))).toBe('too_large')
  })

  it('a signed file nesting 5,000 levels deep is refused as schema (exit 10), never a stack overflow (internal)', async () => {
    for (const open of ['[', '{"a":']) {
      const close = open === '[' ? ']' : '}'
      const deep = open.repeat(5000) + 'null' + close.repeat(5000)
      const snapshot = sampleSnapshot()
      // Deep where the schema recurses (a guest's PVE config), so that the schema would meet it first.
      const text = JSON.stringify(snapshot).replace('"config":{', `"config":{"deep":${deep},`)
      expect(text).toContain(deep)
      const buffer = await forged(key, { content: Buffer.from(text) })
      expect(await refusal(buffer)).toBe('schema')
      await expect(readInventoryFile({ buffer })).rejects.toThrow(
        /nests deeper than 100 at \$\.clusters\[0\]\.guests\[\d\]\.config\.deep/,
      )
    }
    // The same in manifest.json.
    const members = forgedMembers(key)
    const [head] = members
    if (head === undefined) throw new Error('no manifest')
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    members[0] = { ...head, data: Buffer.from(head.data.toString().replace('{', `{"extra":${deep},`)) }
    const manifest = await zipOf(members)
    expect(await refusal(manifest)).toBe('schema')
  })

  it('inventory.json that inflates more than 50× its compressed size is refused before it inflates', async () => {
    // 200 MiB of zeros in ~200 KiB, declared honestly (within contentBytes): 0.7 GB to open, were it inflated.
    const members = forgedMembers(key)
    const entries = members.map(storedEntry)
    const bomb = deflatedZeros(200)
    entries[1] = { name: 'inventory.json', stored: bomb, method: 8, uncompressedSize: 200 * 1024 * 1024 }
    const before = process.memoryUsage()
    const zip = rawZip(entries)
    expect(zip.length).toBeLessThan(1024 * 1024)
    expect(await refusal(zip)).toBe('too_large')
    expect(process.memoryUsage().arrayBuffers - before.arrayBuffers).toBeLessThan(16 * 1024 * 1024)
    await expect(readInventoryFile({ buffer: zip })).rejects.toThrow(/inflates \d+× .* more than 50×/)
  })

  it('a signed, honest but very uniform inventory.json is written stored, and reads back', async () => {
    const snapshot = sampleSnapshot()
    const guest = snapshot.clusters[0]?.guests[0]
    if (guest === undefined) throw new Error('no guest')
    // 12 MiB that deflate ~1000×: above the ratio floor and the ratio.
    guest.config = { ...guest.config, description: 'a'.repeat(12 * 1024 * 1024) }
    const content = Buffer.from(JSON.stringify(snapshot))
    const compressedRefused = await forged(key, { content })
    expect(await refusal(compressedRefused)).toBe('too_large')
    const path = join(dir, 'uniform.zip')
    await writeInventoryFile(path, snapshot, key)
    const verified = await readInventoryFile({ path })
    expect(verified.snapshot.clusters[0]?.guests[0]?.config).toEqual(guest.config)
  })

  it('a local header that names another member than the central directory (what streaming unzippers read)', async () => {
    const zip = await forged(key)
    // The local header of inventory.json comes first in the file; rename it there only.
    const at = zip.indexOf('inventory.json')
    const changed = Buffer.from(zip)
    changed.write('inventory.jsoN', at, 'latin1')
    expect(zip.indexOf('inventory.json', at + 1)).toBeGreaterThan(at)
    expect(await refusal(changed)).toBe('not_inventory')
    await expect(readInventoryFile({ buffer: changed })).rejects.toMatchObject({
      message: 'the local header of inventory.json does not match its central directory entry',
    })
  })

  it('a member whose data is shorter than its header says', async () => {
    const entries = forgedMembers(key).map(storedEntry)
    const content = entries[1]
    if (content === undefined) throw new Error('no content')
    entries[1] = { ...content, uncompressedSize: content.uncompressedSize + 5 }
    // The manifest agrees with the header, so the size check comes to the inflating.
    const reason = await refusal(rawZip(entries))
    expect(['truncated', 'digest_mismatch']).toContain(reason)
  })
})

describe('the writer', () => {
  it('writes over a symlink at the target by replacing the link, never through it', async () => {
    const victim = join(dir, 'victim.txt')
    writeFileSync(victim, 'precious')
    const target = join(dir, 'link.zip')
    symlinkSync(victim, target)
    await writeInventoryFile(target, sampleSnapshot(), key)
    expect(readFileSync(victim, 'utf8')).toBe('precious')
    await readInventoryFile({ path: target })
  })

  it('refuses a snapshot its own reader would refuse, and a missing folder', async () => {
    const bad = { ...sampleSnapshot(), format: 'other' } as unknown as ReturnType<typeof sampleSnapshot>
    await expect(writeInventoryFile(join(dir, 'bad.zip'), bad, key)).rejects.toMatchObject({
      code: 'internal',
    })
    const nan = sampleSnapshot()
    const config = nan.clusters[0]?.guests[0]?.config
    if (config === undefined) throw new Error('the sample has a guest config')
    config.cores = Number.NaN
    await expect(writeInventoryFile(join(dir, 'nan.zip'), nan, key)).rejects.toMatchObject({
      code: 'internal',
    })
    await expect(
      writeInventoryFile(join(dir, 'no', 'such.zip'), sampleSnapshot(), key),
    ).rejects.toMatchObject({
      code: 'not_found',
    })
  })

  it('gives the same bytes for the same inventory snapshot (the mtime is the snapshot’s own)', async () => {
    await writeInventoryFile(join(dir, 'a.zip'), sampleSnapshot(), key)
    await writeInventoryFile(join(dir, 'b.zip'), sampleSnapshot(), key)
    const a = readFileSync(join(dir, 'a.zip'))
    const b = readFileSync(join(dir, 'b.zip'))
    // Ed25519 signatures are deterministic, so the whole file is.
    expect(a.equals(b)).toBe(true)
  })
})
