import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { InventoryDiff } from '../../src/shared/model/inventory-snapshot'
import type { SimClusterInfo, Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import type { CliRun } from '../support/cli-env'
import { runPvedesk, secretServiceAvailable, simCluster } from '../support/cli-env'
import { tamperInventoryFile } from '../support/inventory-tamper'

// The audit story by CLI against the simulator: capture, verify, tamper, verify again, show, diff, export, key.
// capture and key use the OS keychain (the signing key lives there): run under scripts/with-keyring.sh, as
// vault-cli.test.ts. verify, show, diff and export run as on an auditor's laptop: no settings, no keychain.
const hasBus = secretServiceAvailable()

let sim: Simulator
let ace: SimClusterInfo
let home: string
let work: string
/** A PVE Desk home whose settings do not read: a command that reads settings fails there. */
let auditorHome: string

// PVEDESK_HOME is given on every call (runPvedesk undoes its stub after each): never the user's own home.
const cli = (args: string[], stdin = ''): Promise<CliRun> => runPvedesk(args, { stdin, home })
const auditor = (args: string[]): Promise<CliRun> => runPvedesk(args, { home: auditorHome })
const at = (name: string): string => join(work, name)

describe.skipIf(!hasBus)('the audit story with pvedesk inventory', () => {
  beforeAll(async () => {
    sim = await startSimulator({ tickMs: null })
    ace = simCluster(sim, 'ace-prod').info
    home = mkdtempSync(join(tmpdir(), 'pvedesk-home-'))
    work = mkdtempSync(join(tmpdir(), 'pvedesk-audit-'))
    auditorHome = mkdtempSync(join(tmpdir(), 'pvedesk-auditor-'))
    writeFileSync(join(auditorHome, 'settings.json'), '{ this is not settings')
    const add = await cli(
      [
        'cluster',
        'add',
        'ace-prod',
        ...ace.endpoints.flatMap((e) => ['--endpoint', e.url]),
        '--username',
        'root@pam',
        '--password-stdin',
        '--trust',
        '--site',
        'Km4',
      ],
      ace.login.password,
    )
    expect(add.code, add.err).toBe(0)
  })
  afterAll(async () => {
    await cli(['cluster', 'remove', 'ace-prod'])
    await sim.dispose()
  })

  it('captures, verifies, detects tampering, shows, compares, exports and prints the key', async () => {
    // Capture: one signed file.
    const first = await cli(['inventory', 'capture', '--cluster', 'ace-prod', '--output', at('a.zip')])
    expect(first.code, first.err).toBe(0)
    expect(statSync(at('a.zip')).size).toBeGreaterThan(0)

    // The key it was signed with, as `pvedesk inventory key` prints it.
    const key = await cli(['inventory', 'key'])
    expect(key.code, key.err).toBe(0)
    const publicKey = key.out.split('\n').find((line) => line.startsWith('ssh-ed25519 '))
    expect(publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ pvedesk-inventory@\S+$/)

    // Verify, where there are neither settings nor keychain: 0, with the signer's fingerprint.
    const verified = await auditor(['inventory', 'verify', at('a.zip')])
    expect(verified.code, verified.err).toBe(0)
    expect(verified.out).toMatch(/SHA256:[A-Za-z0-9+/]{43}/)
    // Required to be signed by the key `inventory key` printed: 0; by another: 10 (signer_untrusted).
    expect((await auditor(['inventory', 'verify', at('a.zip'), '--signer', publicKey as string])).code).toBe(
      0,
    )
    const other = (await loadSigningKey(new MemorySigningKeyStore(), 'elsewhere')).signer.publicKey
    const untrusted = await auditor(['inventory', 'verify', at('a.zip'), '--signer', other])
    expect(untrusted.code).toBe(10)

    // Tampered (a VM renamed in inventory.json, zipped again): 10.
    await tamperInventoryFile(at('a.zip'), at('forged.zip'), (text) =>
      text.replace('"naorlo-web01"', '"naorlo-webXX"'),
    )
    const forged = await auditor(['inventory', 'verify', at('forged.zip')])
    expect(forged.code).toBe(10)
    expect(forged.err).toMatch(/inventory_invalid/)
    // A file that is not there: 7.
    expect((await auditor(['inventory', 'verify', at('missing.zip')])).code).toBe(7)

    // Show as JSON: the manifest's facts.
    const show = await auditor(['inventory', 'show', at('a.zip'), '--json'])
    expect(show.code, show.err).toBe(0)
    const shown = JSON.stringify(JSON.parse(show.out))
    expect(shown).toContain('ace-prod')

    // A guest stopped, a second capture, and the diff says so.
    sim.setGuestStatus('ace-prod', 101, 'stopped')
    const second = await cli(['inventory', 'capture', '--output', at('b.zip')])
    expect(second.code, second.err).toBe(0)
    const diff = await auditor(['inventory', 'diff', at('a.zip'), at('b.zip'), '--json'])
    expect(diff.code, diff.err).toBe(0)
    const changes = (JSON.parse(diff.out) as InventoryDiff).changes
    expect(changes).toContainEqual(
      expect.objectContaining({
        key: 'ace-prod/qemu/101',
        field: 'status',
        before: 'running',
        after: 'stopped',
      }),
    )
    const text = await auditor(['inventory', 'diff', at('a.zip'), at('b.zip')])
    expect(text.code).toBe(0)
    expect(text.out).toContain('101')
    // The diff of a tampered file refuses: 10.
    expect((await auditor(['inventory', 'diff', at('forged.zip'), at('b.zip')])).code).toBe(10)

    // Exports an auditor asks for: XLSX read back by another reader, and the PDF report.
    const xlsx = await auditor([
      'inventory',
      'export',
      at('b.zip'),
      '--format',
      'xlsx',
      '--output',
      at('b.xlsx'),
    ])
    expect(xlsx.code, xlsx.err).toBe(0)
    const book = XLSX.read(readFileSync(at('b.xlsx')))
    expect(book.SheetNames).toEqual(
      expect.arrayContaining(['Summary', 'Issues', 'VMs', 'Containers', 'Nodes']),
    )
    const vms = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.VMs as XLSX.WorkSheet)
    expect(vms.some((row) => Object.values(row).includes('naorlo-web01'))).toBe(true)
    const pdf = await auditor([
      'inventory',
      'export',
      at('b.zip'),
      '--format',
      'pdf',
      '--output',
      at('b.pdf'),
    ])
    expect(pdf.code, pdf.err).toBe(0)
    expect(readFileSync(at('b.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    // A format it does not know: usage, 2.
    expect(
      (await auditor(['inventory', 'export', at('b.zip'), '--format', 'doc', '--output', at('b.doc')])).code,
    ).toBe(2)
  })

  it('keeps `resources --cluster` working, and refuses two clusters there', async () => {
    const one = await cli(['resources', '--cluster', 'ace-prod', '--json'])
    expect(one.code, one.err).toBe(0)
    const two = await cli(['resources', '--cluster', 'ace-prod', '--cluster', 'other'])
    expect(two.code).toBe(2)
  })

  it('says what it needs: an unknown inventory command, missing arguments are usage errors (2)', async () => {
    expect((await auditor(['inventory', 'frobnicate'])).code).toBe(2)
    expect((await auditor(['inventory', 'verify'])).code).toBe(2)
    expect((await auditor(['inventory', 'diff', at('a.zip')])).code).toBe(2)
    expect((await auditor(['inventory', 'export', at('a.zip'), '--format', 'xlsx'])).code).toBe(2)
    expect((await auditor(['inventory', 'show', at('a.zip'), 'extra'])).code).toBe(2)
    const help = await cli(['--help'])
    expect(help.out).toContain('pvedesk inventory capture [--cluster ID]… --output')
  })
})
