import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { SIGNER_NOT_CHECKED } from '../../src/cli/inventory-file-commands'
import { inventoryDiff, inventoryExport } from '../../src/cli/inventory-report-commands'
import { writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { InventoryDiff } from '../../src/shared/model/inventory-snapshot'
import { makeInventory, mutate } from '../support/inventory-fixture'

let dir: string
let a: string
let b: string
let tampered: string
let signer: string
let otherKeyLine: string

/** The digest a `from`/`to` line names. */
const sha = (line: string | undefined): string => /sha256 ([0-9a-f]{64})/.exec(line ?? '')?.[1] ?? 'none'

/** A fake terminal: what a command printed on stdout and stderr. */
function io(): { out: (l: string) => void; err: (l: string) => void; stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-report-cli-'))
  const key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  signer = key.signer.fingerprint
  otherKeyLine = (await loadSigningKey(new MemorySigningKeyStore(), 'intruder')).signer.publicKey
  const before = makeInventory({ guests: 30, clusters: 2, seed: 9 })
  // A month later: a guest stopped, another moved to a node of the other site, one renamed to an escape sequence.
  const after = mutate(
    { ...before, meta: { ...before.meta, takenAt: '2027-01-01T12:00:00.000Z' } },
    { op: 'stop', clusterId: 'par-prod', vmid: 101 },
    { op: 'move', clusterId: 'par-prod', vmid: 104, node: 'par-pve01' },
    { op: 'rename', clusterId: 'lyo-prod', vmid: 100, name: 'evil\u001b[2J' },
    { op: 'addUser', clusterId: 'lyo-prod', userid: 'intern@pve' },
  )
  a = join(dir, 'a.zip')
  b = join(dir, 'b.zip')
  await writeInventoryFile(a, before, key)
  await writeInventoryFile(b, after, key)
  // The same file with one byte changed in the middle, inside inventory.json's deflated data (the largest member).
  const bytes = readFileSync(b)
  tampered = join(dir, 'tampered.zip')
  const at = Math.floor(bytes.length / 2)
  bytes[at] = (bytes[at] ?? 0) ^ 0x40
  writeFileSync(tampered, bytes)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pvedesk inventory diff', () => {
  it('prints what drifted, grouped, and exits 0; a file against itself has no changes, also exit 0', async () => {
    const t = io()
    expect(await inventoryDiff(t, a, b, { json: false })).toBe(0)
    expect(t.stdout.slice(0, 4)).toEqual([
      `from 2026-12-01T12:00:00.000Z (sha256 ${sha(t.stdout[0])}), signed by ${signer}`,
      `to   2027-01-01T12:00:00.000Z (sha256 ${sha(t.stdout[1])}), signed by ${signer}`,
      SIGNER_NOT_CHECKED,
      expect.stringMatching(/^\d+ changes$/),
    ])
    const text = t.stdout.join('\n')
    expect(text).toContain('\nguests (')
    expect(text).toMatch(/~ par-prod \[[^\]]+\] \S+ 101 \(.+\): changed status: running → stopped/)
    expect(text).toMatch(/~ par-prod \[Paris-Défense\] \S+ 104 \(.+\): moved node: par-pve02 → par-pve01/)
    // A name from a file cannot drive the terminal: the escape character is shown, not sent.
    expect(text).toContain('evil\\x1b[2J')
    expect(text).not.toContain('\u001b')
    expect(text).toContain('\naccess (1)\n  + lyo-prod user intern@pve: added')
    // stderr warns too, as verify and show do: a script that keeps only stdout still tells its user.
    expect(t.stderr).toEqual([`pvedesk: warning: ${SIGNER_NOT_CHECKED}`])

    const same = io()
    expect(await inventoryDiff(same, a, a, { json: false })).toBe(0)
    expect(same.stdout[3]).toBe('no changes')
  })

  it('--json gives the InventoryDiff', async () => {
    const t = io()
    expect(await inventoryDiff(t, a, b, { json: true })).toBe(0)
    const diff = InventoryDiff.parse(JSON.parse(t.stdout.join('\n')))
    expect(diff.from.takenAt).toBe('2026-12-01T12:00:00.000Z')
    const signers = (JSON.parse(t.stdout.join('\n')) as { signers: unknown }).signers
    expect(signers).toEqual({
      from: {
        fingerprint: signer,
        publicKey: expect.stringMatching(/^ssh-ed25519 /) as unknown,
        checked: false,
      },
      to: {
        fingerprint: signer,
        publicKey: expect.stringMatching(/^ssh-ed25519 /) as unknown,
        checked: false,
      },
    })
    const renamed = diff.changes.filter((c) => c.kind === 'renamed')
    expect(renamed.map((c) => [c.clusterId, c.key, c.field, c.after])).toEqual([
      ['lyo-prod', expect.stringMatching(/^lyo-prod\/(qemu|lxc)\/100$/) as unknown, 'name', 'evil\u001b[2J'],
    ])
  })

  it('exits 10 when a file does not verify, 7 when there is none, and prints no diff', async () => {
    const t = io()
    expect(await inventoryDiff(t, a, tampered, { json: false })).toBe(10)
    expect(t.stdout).toEqual([])
    expect(t.stderr.join('\n')).toMatch(/^pvedesk: inventory_invalid: .*\([a-z_]+\)$/)
    const missing = io()
    expect(await inventoryDiff(missing, join(dir, 'nope.zip'), a, { json: true })).toBe(7)
    expect(missing.stdout).toEqual([])
  })
})

describe('--signer on diff', () => {
  it('with the signing key: diffs, says the signer was required, no "not checked"', async () => {
    const t = io()
    expect(await inventoryDiff(t, a, b, { json: false, signer })).toBe(0)
    expect(t.stdout[0]).toMatch(
      new RegExp(`, signed by ${signer.replace(/[+/]/g, '\\$&')} \\(the required signer\\)$`),
    )
    expect(t.stdout.join('\n')).not.toContain(SIGNER_NOT_CHECKED)
    expect(t.stderr).toEqual([])
    const json = io()
    expect(await inventoryDiff(json, a, b, { json: true, signer })).toBe(0)
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({
      signers: { from: { checked: true }, to: { checked: true } },
    })
  })

  it('with another key (public key line or fingerprint): exit 10 signer_untrusted, no diff printed', async () => {
    const t = io()
    expect(await inventoryDiff(t, a, b, { json: false, signer: otherKeyLine })).toBe(10)
    expect(t.stdout).toEqual([])
    expect(t.stderr.join('\n')).toMatch(
      /^pvedesk: inventory_invalid: signed by SHA256:.*\(signer_untrusted\)$/,
    )
    const fp = io()
    expect(await inventoryDiff(fp, a, b, { json: true, signer: 'SHA256:' + 'A'.repeat(43) })).toBe(10)
    expect(fp.stdout).toEqual([])
  })
})

describe('pvedesk inventory export', () => {
  it('writes every format; into an existing folder under its own name', async () => {
    for (const format of ['xlsx', 'json', 'html', 'pdf'] as const) {
      const t = io()
      const out = join(dir, `out.${format}`)
      expect(await inventoryExport(t, a, { format, output: out })).toBe(0)
      expect(t.stdout).toEqual([
        `wrote ${out} (${format}, inventory snapshot of 2026-12-01T12:00:00.000Z)`,
        `signed by ${signer}`,
        SIGNER_NOT_CHECKED,
      ])
      expect(readFileSync(out).length).toBeGreaterThan(1000)
    }
    const folder = join(dir, 'reports')
    mkdirSync(folder)
    expect(await inventoryExport(io(), a, { format: 'pdf', output: folder })).toBe(0)
    expect(readdirSync(folder)).toEqual(['pvedesk-inventory-20261201-120000Z.pdf'])
    const csv = join(dir, 'csv-out')
    expect(await inventoryExport(io(), a, { format: 'csv', output: csv })).toBe(0)
    expect(readdirSync(csv)).toContain('Users & ACLs.csv')
  })

  it('--signer: the required key exports and says so; another key exports nothing (exit 10)', async () => {
    const ok = io()
    const out = join(dir, 'checked.json')
    expect(await inventoryExport(ok, a, { format: 'json', output: out, signer })).toBe(0)
    expect(ok.stdout.slice(1)).toEqual([`signed by ${signer} (the required signer)`])
    const refused = io()
    const other = join(dir, 'untrusted.json')
    expect(await inventoryExport(refused, a, { format: 'json', output: other, signer: otherKeyLine })).toBe(
      10,
    )
    expect(existsSync(other)).toBe(false)
    expect(refused.stdout).toEqual([])
    expect(refused.stderr[0]).toMatch(/\(signer_untrusted\)$/)
  })

  it('exports nothing from a file that does not verify (exit 10)', async () => {
    const t = io()
    const out = join(dir, 'tampered.xlsx')
    expect(await inventoryExport(t, tampered, { format: 'xlsx', output: out })).toBe(10)
    expect(existsSync(out)).toBe(false)
    expect(t.stderr[0]).toMatch(/^pvedesk: inventory_invalid: /)
  })
})
