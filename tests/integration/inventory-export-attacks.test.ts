import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import { diffInventories } from '../../src/main/inventory/diff/diff'
import { exportInventory } from '../../src/main/inventory/export/export'
import type { VerifiedInventory } from '../../src/main/inventory/file/inventory-file'
import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { type InventorySigningKey, loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { InventorySnapshot } from '../../src/shared/model/inventory-snapshot'
import { makeInventory } from '../support/inventory-fixture'

/**
 * Exports of inventory snapshots that someone made to hurt the reader: signed (by anyone: a signature says who,
 * not that the content is sane), so every check of the reader holds and the writers get the hostile values.
 */

let dir: string
let key: InventorySigningKey

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-export-attacks-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function signed(name: string, snapshot: InventorySnapshot): Promise<VerifiedInventory> {
  const file = join(dir, `${name}.zip`)
  await writeInventoryFile(file, snapshot, key)
  return readInventoryFile({ path: file })
}

/** Every cell of a CSV of the export, as text, unquoted enough to search. */
const csvOf = (folder: string, sheet: string): string => readFileSync(join(folder, `${sheet}.csv`), 'utf8')

describe('times no Date can hold (|t| > 8.64e15 ms)', () => {
  const base = makeInventory({ guests: 12, clusters: 1, seed: 3 })
  const hostile = structuredClone(base)
  const cluster = hostile.clusters[0]
  const cert = cluster?.nodes[0]?.certificates?.[0]
  const archive = cluster?.backups.archives.find((a) => a.entries.length > 0)
  const session = hostile.consoleSessions[0]
  if (cert === undefined || archive?.entries[0] === undefined || session === undefined)
    throw new Error('fixture: a certificate, a backup and a console session')
  cert.notafter = 1e13 // year 318,857
  archive.entries[0].ctime = 1e300
  session.openedAt = 1e20

  it('every format is still written, the odd value shown as the number it was', async () => {
    const verified = await signed('far-times', hostile)
    for (const format of ['xlsx', 'json', 'html', 'pdf'] as const)
      await expect(exportInventory(verified, format, join(dir, `far.${format}`))).resolves.toBeUndefined()
    const csv = join(dir, 'far-csv')
    await exportInventory(verified, 'csv', csv)
    expect(csvOf(csv, 'Certificates')).toMatch(/,10000000000000,/)
    expect(csvOf(csv, 'Backups')).toMatch(/,1e\+300,/)
    expect(csvOf(csv, 'Console sessions')).toMatch(/^100000000000000000000,/m)

    // The XLSX (read back by SheetJS) has the value as text in the date column, its neighbours still dates.
    const book = XLSX.read(readFileSync(join(dir, 'far.xlsx')), { cellDates: true })
    const certs = XLSX.utils.sheet_to_json<Record<string, unknown>>(
      book.Sheets.Certificates as XLSX.WorkSheet,
    )
    expect(certs[0]?.['Expires (UTC)']).toBe('10000000000000')
    expect(certs[0]?.['Not before (UTC)']).toBeInstanceOf(Date)
    expect(certs[1]?.['Expires (UTC)']).toBeInstanceOf(Date)
    const html = readFileSync(join(dir, 'far.html'), 'utf8')
    expect(html).toContain('<html')
  })

  it('the diff of such a file against its original reports the change rather than throw', async () => {
    const from = await signed('far-from', base)
    const to = await signed('far-to', hostile)
    const changes = diffInventories(from, to).changes.filter((c) => c.category === 'node')
    expect(changes).toContainEqual(
      expect.objectContaining({
        subject: 'certificate pve-root-ca.pem on par-pve01',
        field: 'expiry',
        after: 1e13,
      }),
    )
  })
})

describe('a CSV folder that only looks like an earlier export', () => {
  it('is refused untouched when a `VMs.csv` in it is a folder or a symlink, replaced when its files are ours', async () => {
    const verified = await signed('csv-folder', makeInventory({ guests: 6, clusters: 1, seed: 4 }))
    // A folder named like a sheet, holding a user's work: replacing the export would remove it recursively.
    const trap = join(dir, 'trap-csv')
    mkdirSync(join(trap, 'VMs.csv'), { recursive: true })
    writeFileSync(join(trap, 'VMs.csv', 'thesis.docx'), 'precious')
    writeFileSync(join(trap, 'Summary.csv'), 'old export')
    await expect(exportInventory(verified, 'csv', trap)).rejects.toMatchObject({ code: 'conflict' })
    expect(readFileSync(join(trap, 'VMs.csv', 'thesis.docx'), 'utf8')).toBe('precious')
    expect(readFileSync(join(trap, 'Summary.csv'), 'utf8')).toBe('old export')

    // A symlink named like a sheet, to a user's folder (or file): judged as itself, not followed.
    const mine = join(dir, 'my-photos')
    mkdirSync(mine)
    writeFileSync(join(mine, 'holiday.jpg'), 'precious')
    const linked = join(dir, 'linked-csv')
    mkdirSync(linked)
    symlinkSync(mine, join(linked, 'NICs.csv'))
    await expect(exportInventory(verified, 'csv', linked)).rejects.toMatchObject({ code: 'conflict' })
    expect(readdirSync(mine)).toEqual(['holiday.jpg'])
    expect(readdirSync(linked)).toEqual(['NICs.csv'])

    // What an export wrote (regular files) is replaced by the new one.
    const earlier = join(dir, 'earlier-csv')
    await exportInventory(verified, 'csv', earlier)
    writeFileSync(join(earlier, 'VMs.csv'), 'stale')
    await exportInventory(verified, 'csv', earlier)
    expect(csvOf(earlier, 'VMs')).toMatch(/^\uFEFFCluster,/)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp') || n.includes('.old'))).toEqual([])
  })
})
