import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { inventoryKey, inventoryShow, inventoryVerify, safe } from '../../src/cli/inventory-file-commands'
import { writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { sampleSnapshot } from '../../src/main/inventory/file/sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore, type SigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { AppError } from '../../src/shared/ipc/errors'
import type { InventorySnapshot } from '../../src/shared/model/inventory-snapshot'

let dir: string
let key: InventorySigningKey
let other: InventorySigningKey
let file: string

/** A fake terminal: what a command printed on stdout and stderr. */
function io(): { out: (l: string) => void; err: (l: string) => void; stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-inv-cli-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  other = await loadSigningKey(new MemorySigningKeyStore(), 'elsewhere')
  file = join(dir, 'inv.zip')
  await writeInventoryFile(file, sampleSnapshot(), key)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pvedesk inventory verify', () => {
  it('exit 0 with the signer, when, by whom and the digest', async () => {
    const t = io()
    expect(await inventoryVerify(t, file, { json: false })).toBe(0)
    expect(t.stdout[0]).toBe(`valid: signed by ${key.signer.fingerprint} (${key.signer.publicKey})`)
    expect(t.stdout[1]).toBe(
      'signer NOT checked against a trusted key: the signature is valid for the key inside the file; ' +
        'give --signer <key.pub line or SHA256 fingerprint> to check who signed',
    )
    expect(t.stdout.slice(2, 4)).toEqual([
      'taken at: 2026-12-01T12:00:00.000Z',
      'taken by: noc on desk-01 (PVE Desk 0.1.0, manual)',
    ])
    expect(t.stdout[4]).toMatch(/^sha256: [0-9a-f]{64} \(inventory\.json, \d+ bytes\)$/)
    expect(t.stderr).toEqual([`pvedesk: warning: ${t.stdout[1]}`])
  })

  it('a forger’s file, signed by their own key, is "valid" only with the warning; --signer refuses it', async () => {
    const forged = join(dir, 'forged-by-other.zip')
    await writeInventoryFile(forged, sampleSnapshot(), other)
    const t = io()
    expect(await inventoryVerify(t, forged, { json: false })).toBe(0)
    expect(t.stdout.join('\n')).toMatch(/signer NOT checked against a trusted key/)
    const j = io()
    expect(await inventoryVerify(j, forged, { json: true })).toBe(0)
    expect(JSON.parse(j.stdout.join('\n'))).toMatchObject({
      valid: true,
      signerChecked: false,
      warning: expect.stringMatching(/^signer NOT checked/) as unknown,
    })
    const trusted = io()
    expect(await inventoryVerify(trusted, forged, { json: true, signer: key.signer.publicKey })).toBe(10)
    const checked = io()
    expect(await inventoryVerify(checked, file, { json: true, signer: key.signer.fingerprint })).toBe(0)
    const answer = JSON.parse(checked.stdout.join('\n')) as Record<string, unknown>
    expect(answer).toMatchObject({ valid: true, signerChecked: true })
    expect(answer).not.toHaveProperty('warning')
    const text = io()
    expect(await inventoryVerify(text, file, { json: false, signer: key.signer.fingerprint })).toBe(0)
    expect(text.stdout[1]).toBe('signer checked: it is the key --signer gives')
    expect(text.stderr).toEqual([])
  })

  it('--signer as a key line or a fingerprint must match, else exit 10 signer_untrusted', async () => {
    expect(await inventoryVerify(io(), file, { json: false, signer: key.signer.publicKey })).toBe(0)
    expect(await inventoryVerify(io(), file, { json: false, signer: key.signer.fingerprint })).toBe(0)
    const t = io()
    expect(await inventoryVerify(t, file, { json: false, signer: other.signer.fingerprint })).toBe(10)
    expect(t.stderr[0]).toMatch(
      /^pvedesk: inventory_invalid: signed by SHA256:\S+, not by SHA256:\S+ \(signer_untrusted\)$/,
    )
    expect(t.stdout).toEqual([])
    const bad = io()
    expect(await inventoryVerify(bad, file, { json: false, signer: 'nonsense' })).toBe(2)
    expect(bad.stderr[0]).toMatch(/^pvedesk: invalid_request: /)
  })

  it('a changed file: exit 10 with the reason; a missing file: exit 7', async () => {
    const bytes = readFileSync(file)
    const changed = join(dir, 'changed.zip')
    writeFileSync(changed, bytes.subarray(0, bytes.length - 10))
    const t = io()
    expect(await inventoryVerify(t, changed, { json: false })).toBe(10)
    expect(t.stderr).toEqual([expect.stringMatching(/^pvedesk: inventory_invalid: .* \(truncated\)$/)])
    const missing = io()
    expect(await inventoryVerify(missing, join(dir, 'absent.zip'), { json: false })).toBe(7)
    expect(missing.stderr[0]).toMatch(/^pvedesk: not_found: /)
  })

  it('--json says valid or not, for scripts', async () => {
    const t = io()
    expect(await inventoryVerify(t, file, { json: true })).toBe(0)
    expect(JSON.parse(t.stdout.join('\n'))).toMatchObject({
      valid: true,
      signer: key.signer,
      takenAt: '2026-12-01T12:00:00.000Z',
      summary: { clusters: 1, nodes: 2, guests: 3, issues: 1 },
    })
    const f = io()
    const reSigned = join(dir, 'other.zip')
    await writeInventoryFile(reSigned, sampleSnapshot(), other)
    expect(await inventoryVerify(f, reSigned, { json: true, signer: key.signer.publicKey })).toBe(10)
    expect(JSON.parse(f.stdout.join('\n'))).toMatchObject({
      valid: false,
      error: { code: 'inventory_invalid', detail: { reason: 'signer_untrusted' } },
    })
  })
})

describe('pvedesk inventory show', () => {
  it('an overview: when, who, signer, clusters with reach, counts per site, issues', async () => {
    const t = io()
    expect(await inventoryShow(t, file, { json: false })).toBe(0)
    const text = t.stdout.join('\n')
    expect(text).toContain(
      'inventory snapshot taken at 2026-12-01T12:00:00.000Z by noc on desk-01 (PVE Desk 0.1.0, manual) in 1.2 s',
    )
    expect(text).toContain(`signed by ${key.signer.fingerprint}`)
    expect(text).toContain('  yakro (Yamoussoukro): partial; 2 nodes, 3 guests (2 qemu, 1 lxc)')
    expect(text).toContain('    site Abidjan: 1 node, 1 guest')
    expect(text).toContain('    site Yamoussoukro: 1 node, 2 guests')
    expect(text).toContain(
      'issues (1)\n  yakro yakro-pve2 /nodes/yakro-pve2/status: unreachable: node offline',
    )
  })

  it('says the signer was not checked unless --signer is given; a --signer that does not match: exit 10', async () => {
    const t = io()
    expect(await inventoryShow(t, file, { json: false })).toBe(0)
    expect(t.stdout[2]).toMatch(/^signer NOT checked against a trusted key/)
    expect(t.stderr).toEqual([expect.stringMatching(/^pvedesk: warning: signer NOT checked/)])
    const ok = io()
    expect(await inventoryShow(ok, file, { json: false, signer: key.signer.publicKey })).toBe(0)
    expect(ok.stdout[2]).toBe('signer checked: it is the key --signer gives')
    expect(ok.stderr).toEqual([])
    const untrusted = io()
    expect(await inventoryShow(untrusted, file, { json: true, signer: other.signer.fingerprint })).toBe(10)
    expect(untrusted.stdout).toEqual([])
    expect(untrusted.stderr[0]).toMatch(/\(signer_untrusted\)$/)
  })

  it('--json is the whole inventory snapshot', async () => {
    const t = io()
    expect(await inventoryShow(t, file, { json: true })).toBe(0)
    expect(JSON.parse(t.stdout.join('\n'))).toEqual(sampleSnapshot())
  })

  it('says which data is last-known, and never prints a terminal escape from the file', async () => {
    const snapshot: InventorySnapshot = sampleSnapshot()
    const cluster = snapshot.clusters[0]
    if (cluster === undefined) throw new Error('sample has a cluster')
    cluster.reach = 'unreachable'
    cluster.lastKnown = { at: '2026-11-30T08:00:00.000Z', source: 'inventory-snapshot' }
    cluster.name = 'evil\u001b]0;pwned\u0007\u001b[2J'
    const path = join(dir, 'escape.zip')
    await writeInventoryFile(path, snapshot, key)
    const t = io()
    expect(await inventoryShow(t, path, { json: false })).toBe(0)
    const text = t.stdout.join('\n')
    expect(text).toContain(
      'unreachable — last-known data of 2026-11-30T08:00:00.000Z (inventory-snapshot), not of this capture',
    )
    expect(text).not.toContain('\u001b')
    expect(text).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J')
    expect(safe('a\u202eb\tc')).toBe('a\\u202eb\\x09c')
  })

  it('refuses a file that does not verify, printing nothing of it', async () => {
    const bytes = readFileSync(file)
    // A byte inside inventory.json's compressed data (after its local header, name and extra field).
    const name = bytes.indexOf('inventory.json')
    const data = name + 'inventory.json'.length + bytes.readUInt16LE(name - 2)
    bytes[data + 10] = (bytes[data + 10] ?? 0) ^ 0xff
    const changed = join(dir, 'flipped.zip')
    writeFileSync(changed, bytes)
    const t = io()
    expect(await inventoryShow(t, changed, { json: false })).toBe(10)
    expect(t.stdout).toEqual([])
  })
})

describe('pvedesk inventory key', () => {
  it('prints only the public key line on stdout (> key.pub), the fingerprint on stderr', async () => {
    const store = new MemorySigningKeyStore()
    const t = io()
    expect(await inventoryKey(t, store)).toBe(0)
    expect(t.stdout).toHaveLength(1)
    expect(t.stdout[0]).toMatch(/^ssh-ed25519 AAAA\S+ pvedesk-inventory@\S+$/)
    expect(t.stderr).toEqual([expect.stringMatching(/^fingerprint: SHA256:[A-Za-z0-9+/]{43}$/)])
    // The same key the next time (made once, kept).
    const again = io()
    await inventoryKey(again, store)
    expect(again.stdout).toEqual(t.stdout)
  })

  it('a keychain that fails: exit 9; a stored value that is not a key: exit 8, left as it is', async () => {
    const broken: SigningKeyStore = {
      read: () => Promise.reject(new AppError({ code: 'keychain_unavailable', message: 'no bus' })),
      write: () => Promise.resolve(),
    }
    const t = io()
    expect(await inventoryKey(t, broken)).toBe(9)
    expect(t.stderr[0]).toMatch(/^pvedesk: keychain_unavailable: no bus$/)
    const corrupt = new MemorySigningKeyStore('garbage')
    const c = io()
    expect(await inventoryKey(c, corrupt)).toBe(8)
    expect(c.stderr[0]).toMatch(/^pvedesk: conflict: .*left as it is.* \(signing_key_unreadable\)$/)
    expect(await corrupt.read()).toBe('garbage')
  })
})
