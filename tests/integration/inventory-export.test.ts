import {
  existsSync,
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
import { inflateSync } from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import yauzl from 'yauzl'

import { SHEET_NAMES } from '../../src/main/inventory/export/cells'
import { exportFileName, exportInventory } from '../../src/main/inventory/export/export'
import { buildSheets } from '../../src/main/inventory/export/sheets'
import type { VerifiedInventory } from '../../src/main/inventory/file/inventory-file'
import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { InventorySnapshot } from '../../src/shared/model/inventory-snapshot'
import { HOSTILE_NAMES, makeInventory } from '../support/inventory-fixture'

let dir: string
let snapshot: InventorySnapshot
let verified: VerifiedInventory

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-export-'))
  const key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  snapshot = makeInventory({ guests: 90, clusters: 3, seed: 42, hostile: true, unreachable: true })
  const file = join(dir, 'inventory.zip')
  await writeInventoryFile(file, snapshot, key)
  verified = await readInventoryFile({ path: file })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Guests of a kind, counted from the inventory snapshot itself (not from the sheets). */
const guestsOfType = (type: 'qemu' | 'lxc'): number =>
  snapshot.clusters.reduce((n, c) => n + c.guests.filter((g) => g.type === type).length, 0)

function zipMember(path: string, member: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error !== null) {
        reject(error)
        return
      }
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== member) {
          zip.readEntry()
          return
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e !== null) {
            reject(e)
            return
          }
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            zip.close()
            resolve(Buffer.concat(chunks).toString('utf8'))
          })
        })
      })
      zip.on('end', () => reject(new Error(`no ${member}`)))
      zip.readEntry()
    })
  })
}

describe('inventory snapshot exports, from a signed file', () => {
  it('XLSX: an independent reader (SheetJS) finds every sheet in order, its header row and its rows', async () => {
    const path = join(dir, exportFileName(verified, 'xlsx'))
    await exportInventory(verified, 'xlsx', path)
    const book = XLSX.read(readFileSync(path), { cellDates: true })
    expect(book.SheetNames).toEqual([...SHEET_NAMES])
    const sheets = buildSheets(verified)
    for (const sheet of sheets) {
      const ws = book.Sheets[sheet.name]
      if (ws === undefined) throw new Error(sheet.name)
      const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, blankrows: true })
      expect(rows[0], sheet.name).toEqual(sheet.columns.map((c) => c.header))
      expect(rows.length - 1, sheet.name).toBe(sheet.rows.length)
    }
    const vms = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.VMs as XLSX.WorkSheet)
    expect(vms.length).toBe(guestsOfType('qemu'))
    expect(XLSX.utils.sheet_to_json(book.Sheets.Containers as XLSX.WorkSheet).length).toBe(
      guestsOfType('lxc'),
    )
    // Numbers are numbers, times are dates, and a name that looks like a formula is text, not a formula.
    const first = vms[0] as Record<string, unknown>
    expect(typeof first.VMID).toBe('number')
    expect(typeof first['Memory (GiB)']).toBe('number')
    expect(first['Newest backup (UTC)']).toBeInstanceOf(Date)
    const ws = book.Sheets.VMs as XLSX.WorkSheet
    const formulaCell = Object.entries(ws).find(([, c]) => (c as XLSX.CellObject).v === HOSTILE_NAMES.formula)
    expect(formulaCell).toBeDefined()
    expect((formulaCell?.[1] as XLSX.CellObject).f).toBeUndefined()
    expect((formulaCell?.[1] as XLSX.CellObject).t).toBe('s')
    // Header frozen and filtered, on every sheet.
    for (let i = 1; i <= SHEET_NAMES.length; i++) {
      const xml = await zipMember(path, `xl/worksheets/sheet${i}.xml`)
      expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/)
      expect(xml).toMatch(/<autoFilter ref="A1:[A-Z]+1"/)
    }
    expect(await zipMember(path, 'xl/styles.xml')).toMatch(/<b\/>/)
  })

  it('CSV: one <Sheet>.csv per sheet, UTF-8 with a BOM, every cell that starts with = + - @ neutralized', async () => {
    const path = join(dir, exportFileName(verified, 'csv'))
    await exportInventory(verified, 'csv', path)
    expect(readdirSync(path).sort()).toEqual(SHEET_NAMES.map((n) => `${n}.csv`).sort())
    const vms = readFileSync(join(path, 'VMs.csv'), 'utf8')
    expect(vms.startsWith('\uFEFFCluster,Site,Node,VMID,Name,')).toBe(true)
    expect(vms.split('\r\n').filter((l) => l !== '').length).toBe(guestsOfType('qemu') + 1)
    expect(vms).toContain(`"'${HOSTILE_NAMES.formula.replaceAll('"', '""')}"`)
    expect(vms).not.toMatch(/(^|,)"?=HYPERLINK/m)
    const backups = readFileSync(join(path, 'Backups.csv'), 'utf8')
    expect(backups).toContain(`'${HOSTILE_NAMES.note}`)
    expect(backups).not.toMatch(/(^|,)@SUM/m)
    // Accents survive (UTF-8), and every field of every sheet is safe to open in a spreadsheet.
    expect(readFileSync(join(path, 'Sites.csv'), 'utf8')).toContain('Paris-Défense')
    for (const name of readdirSync(path)) {
      const text = readFileSync(join(path, name), 'utf8')
      for (const line of text.split('\r\n'))
        for (const field of line.split(',')) expect(field, `${name}: ${field}`).not.toMatch(/^"?[=+@]/)
    }
  })

  it('CSV: an earlier CSV export is replaced, a folder of anything else or a symlink is refused untouched', async () => {
    const path = join(dir, 'again-csv')
    await exportInventory(verified, 'csv', path)
    await exportInventory(verified, 'csv', path)
    expect(readdirSync(path).length).toBe(SHEET_NAMES.length)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp') || n.includes('.old'))).toEqual([])

    const mine = join(dir, 'my-documents')
    mkdirSync(mine)
    writeFileSync(join(mine, 'thesis.docx'), 'precious')
    await expect(exportInventory(verified, 'csv', mine)).rejects.toMatchObject({ code: 'conflict' })
    expect(readdirSync(mine)).toEqual(['thesis.docx'])

    const link = join(dir, 'link-csv')
    symlinkSync(mine, link)
    await expect(exportInventory(verified, 'csv', link)).rejects.toMatchObject({ code: 'conflict' })
    expect(readdirSync(mine)).toEqual(['thesis.docx'])
  })

  it('JSON: { manifest, inventory } as the file holds them, pretty-printed', async () => {
    const path = join(dir, exportFileName(verified, 'json'))
    await exportInventory(verified, 'json', path)
    const text = readFileSync(path, 'utf8')
    expect(text.split('\n')[1]).toBe('  "manifest": {')
    expect(JSON.parse(text)).toEqual({ manifest: verified.manifest, inventory: snapshot })
  })

  it('HTML: one self-contained page where a hostile guest name is inert text', async () => {
    const path = join(dir, exportFileName(verified, 'html'))
    await exportInventory(verified, 'html', path)
    const html = readFileSync(path, 'utf8')
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    )
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img')
    expect(html).not.toMatch(/<script|<[^>]*\s(src|href|on\w+)=|@import|url\(/i)
    // Only the tags the report writes: an escaped value can never open one.
    const tags = new Set(
      [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => (m[1] ?? '').toLowerCase()),
    )
    const allowed =
      'html head meta title style body div h1 h2 h3 dl dt dd p code section table thead tbody tr th td'
    expect([...tags].filter((t) => !allowed.split(' ').includes(t))).toEqual([])
    // The cover: sites, signer and digest; a section per site; the Issues.
    expect(html).toContain(verified.signer.fingerprint)
    expect(html).toContain(verified.sha256)
    expect(html).toContain('<h2>Site Montréal</h2>')
    expect(html).toMatch(/<h2>Issues \(2\)<\/h2>/)
  })

  it('PDF: a real PDF with a page per site and more, French accents printed, other characters replaced', async () => {
    const path = join(dir, exportFileName(verified, 'pdf'))
    await exportInventory(verified, 'pdf', path)
    const pdf = readFileSync(path)
    const text = pdf.toString('latin1')
    expect(text.startsWith('%PDF-')).toBe(true)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
    const sites = new Set(snapshot.clusters.flatMap((c) => c.nodes.map((n) => n.site))).size
    const pages = text.match(/\/Type \/Page\b/g)?.length ?? 0
    expect(pages).toBeGreaterThanOrEqual(sites + 2)
    // Text as drawn: the content streams, inflated, hold WinAnsi strings.
    let drawn = ''
    for (const m of text.matchAll(/stream\r?\n/g)) {
      const start = m.index + m[0].length
      try {
        drawn += inflateSync(pdf.subarray(start, text.indexOf('endstream', start))).toString('latin1')
      } catch {
        // not a deflated stream (fonts are standard: none embedded)
      }
    }
    const strings = [...drawn.matchAll(/<([0-9a-f]+)>/g)]
      .map((x) => Buffer.from(x[1] ?? '', 'hex').toString('latin1'))
      .join('')
    expect(strings).toContain('Montréal')
    expect(strings).toContain('Paris-Défense')
    // A name wholly in CJK prints its code points beside the `?`s, its VMID in the column before it.
    expect(strings).toContain('???-? [U+6570 U+636E U+5E93 U+4E3B]')
    expect(strings).not.toContain('数')
  })

  it('writes nothing when the output folder does not exist', async () => {
    const path = join(dir, 'no-such-folder', 'x.xlsx')
    await expect(exportInventory(verified, 'xlsx', path)).rejects.toMatchObject({ code: 'not_found' })
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false)
  })
})
