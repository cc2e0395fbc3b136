import PDFDocument from 'pdfkit'

import type { Cell } from './cells'
import { cellText, readableTime } from './cells'
import type { Report, ReportTable } from './report'
import { writeFileAtomically } from './atomic-output'
import { drCountsText } from './report-dr'
import { printable, winAnsi } from './win-ansi'

/**
 * The report as a PDF, drawn by pdfkit (no browser, so that the CLI and cron make it too): the cover, a section
 * per site with tables that break across pages (the header row again on each), the Issues, and on every page
 * its number and the inventory snapshot's digest. Standard fonts only (Helvetica): every text goes through
 * `winAnsi`, which keeps French letters and replaces what those fonts cannot print with `?`; values go through
 * `printable`, which adds the code points of a name of which nothing identifiable would survive. No Unicode font
 * ships in node_modules (only an icon font), and embedding one would be a new dependency.
 */

const MARGIN = 36
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'
const TABLE_SIZE = 7.5
const ROW = 11
/** Helvetica's widest glyph is about one em: a text shorter than this many ems surely fits. */
const WIDEST_GLYPH = 1.02

type Doc = PDFKit.PDFDocument

function fit(doc: Doc, text: string, width: number): string {
  if (text.length * TABLE_SIZE * WIDEST_GLYPH <= width) return text
  if (doc.widthOfString(text) <= width) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid
    else hi = mid - 1
  }
  return `${text.slice(0, lo)}…`
}

const cellString = (c: Cell): string => printable(c instanceof Date ? readableTime(c) : cellText(c))

/** Column widths in proportion to their content (sampled), each at least its header's first word. */
function columnWidths(doc: Doc, t: ReportTable, total: number): number[] {
  const step = Math.max(1, Math.floor(t.rows.length / 500))
  doc.font(FONT).fontSize(TABLE_SIZE)
  const wants = t.columns.map((c, i) => {
    let widest = doc.widthOfString(winAnsi(c.header.split(' ')[0] ?? ''))
    let sum = 0
    let n = 0
    for (let r = 0; r < t.rows.length; r += step) {
      const w = doc.widthOfString(cellString(t.rows[r]?.[i] ?? null))
      sum += w
      n++
      if (w > widest) widest = w
    }
    // Between the typical and the widest cell, so that one long value does not take the page.
    return (
      Math.max(
        doc.widthOfString(winAnsi(c.header)) * 0.6,
        n === 0 ? widest : Math.min(widest, (sum / n) * 1.6 + 6),
      ) + 6
    )
  })
  const sum = wants.reduce((a, b) => a + b, 0)
  return wants.map((w) => (w / sum) * total)
}

class Layout {
  constructor(private readonly doc: Doc) {}

  get bottom(): number {
    return this.doc.page.height - MARGIN - 14
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN })
  }

  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage()
  }

  heading(text: string, size: number): void {
    this.ensure(size * 3)
    this.doc
      .font(BOLD)
      .fontSize(size)
      .fillColor('#000')
      .text(winAnsi(text), MARGIN, this.doc.y, { width: this.width })
    this.doc.moveDown(0.3)
  }

  facts(items: [string, string][]): void {
    for (const [k, v] of items) {
      this.ensure(24)
      const y = this.doc.y
      this.doc.font(BOLD).fontSize(9).text(winAnsi(k), MARGIN, y, { width: 150 })
      this.doc
        .font(FONT)
        .fontSize(9)
        .text(winAnsi(v), MARGIN + 155, y, { width: this.width - 155 })
      this.doc.moveDown(0.2)
    }
    this.doc.moveDown(0.5)
  }

  table(t: ReportTable, empty: string): void {
    const doc = this.doc
    if (t.rows.length === 0) {
      this.ensure(20)
      doc.font(FONT).fontSize(9).fillColor('#555').text(winAnsi(empty), MARGIN, doc.y)
      doc.fillColor('#000').moveDown(0.5)
      return
    }
    const widths = columnWidths(doc, t, this.width)
    const right = t.columns.map((c) => c.format !== 'text' && c.format !== 'date')
    const header = (): void => {
      const y = doc.y
      doc
        .rect(MARGIN, y - 1, this.width, ROW)
        .fill('#e6e6e6')
        .fillColor('#000')
      doc.font(BOLD).fontSize(TABLE_SIZE)
      let x = MARGIN
      for (const [i, c] of t.columns.entries()) {
        const w = widths[i] ?? 0
        doc.text(fit(doc, winAnsi(c.header), w - 4), x + 2, y + 1, { lineBreak: false })
        x += w
      }
      doc.y = y + ROW
      doc.font(FONT)
    }
    this.ensure(ROW * 3)
    header()
    for (const [r, row] of t.rows.entries()) {
      if (doc.y + ROW > this.bottom) {
        this.newPage()
        header()
      }
      const y = doc.y
      if (r % 2 === 1)
        doc
          .rect(MARGIN, y - 1, this.width, ROW)
          .fill('#f5f5f5')
          .fillColor('#000')
      let x = MARGIN
      for (const [i, cell] of row.entries()) {
        const w = widths[i] ?? 0
        const s = fit(doc, cellString(cell), w - 4)
        if (s !== '') {
          const dx = right[i] === true ? w - 2 - doc.widthOfString(s) : 2
          doc.text(s, x + dx, y + 1, { lineBreak: false })
        }
        x += w
      }
      doc.y = y + ROW
    }
    doc.x = MARGIN
    doc.moveDown(0.8)
  }
}

export function reportPdf(r: Report): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: winAnsi(`${r.title} ${readableTime(r.takenAt)}`),
      Author: winAnsi(r.takenBy),
      Creator: winAnsi(r.app),
      CreationDate: r.takenAt,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const l = new Layout(doc)
  const t = r.totals
  doc.font(BOLD).fontSize(22).text(winAnsi(r.title), MARGIN, MARGIN)
  doc.moveDown(0.5)
  l.facts([
    ['Taken at', readableTime(r.takenAt)],
    ['Taken by', printable(r.takenBy)],
    ['With', `${r.app} (${r.trigger})`],
    ['Signer', r.signer.fingerprint],
    ['Signer public key', r.signer.publicKey],
    ['SHA-256 of inventory.json', r.sha256],
    ['Sites', t.sites.map(printable).join(', ') || '-'],
    [
      'Totals',
      `${t.clusters} clusters, ${t.nodes} nodes, ${t.vms} VMs, ${t.containers} containers (${t.running} running), ${t.notBackedUp} not backed up, ${t.issues} issues`,
    ],
  ])
  l.heading('Clusters', 12)
  l.table(r.clusters, 'No cluster.')
  doc.font(FONT).fontSize(8).fillColor('#333')
  doc.text(
    winAnsi(
      'This report is not signed: the inventory snapshot file is. Check the file with "pvedesk inventory verify FILE", or with OpenSSH alone as its README.txt says.',
    ),
    MARGIN,
    doc.y,
    { width: l.width },
  )
  doc.fillColor('#000')
  for (const s of r.sites) {
    l.newPage()
    l.heading(`Site ${printable(s.site)}`, 16)
    l.heading('Clusters', 11)
    l.table(s.clusters, 'No cluster.')
    l.heading('Nodes', 11)
    l.table(s.nodes, 'No node.')
    l.heading(`Guests (${s.guests.rows.length})`, 11)
    l.table(s.guests, 'No guest.')
  }
  if (r.dr !== undefined) {
    l.newPage()
    l.heading('Disaster recovery', 16)
    doc
      .font(FONT)
      .fontSize(9)
      .text(winAnsi(drCountsText(r.dr.counts)), MARGIN, doc.y, { width: l.width })
    l.heading(`Red and amber guests (${r.dr.guests.rows.length})`, 11)
    l.table(r.dr.guests, 'No guest is red or amber.')
    l.heading('Sites', 11)
    l.table(r.dr.sites, 'No site.')
  }
  l.newPage()
  l.heading(`Issues (${r.issues.rows.length})`, 16)
  l.table(r.issues, 'Every call of the capture answered.')

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const y = doc.page.height - MARGIN + 2
    doc.font(FONT).fontSize(7).fillColor('#555')
    // Below the bottom margin: pdfkit would otherwise start a new page for this line.
    doc.page.margins.bottom = 0
    doc.text(
      winAnsi(
        `${r.title} ${readableTime(r.takenAt)} - SHA-256 ${r.sha256} - page ${i + 1 - range.start} of ${range.count}`,
      ),
      MARGIN,
      y,
      { lineBreak: false },
    )
  }
  doc.end()
  return done
}

export async function writePdf(report: Report, path: string): Promise<void> {
  await writeFileAtomically(path, await reportPdf(report))
}
