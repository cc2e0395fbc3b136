import type { ExportFormat } from '../../../shared/ipc/domains/inventory'
import type { VerifiedInventory } from '../file/inventory-file'
import { inventoryFileName } from '../file/inventory-file'
import type { ExportSource } from './cells'
import { writeCsvFolder } from './csv'
import { writeHtml } from './html'
import { writeFileAtomically } from './atomic-output'
import { writePdf } from './pdf'
import { buildReport } from './report'
import { buildSheets } from './sheets'
import { writeXlsx } from './xlsx'

/**
 * Writes a verified inventory snapshot as `format` at `outputPath`, atomically: `xlsx` one workbook, `csv` a
 * folder (created) of one `<Sheet>.csv` per sheet, `json` `{ manifest, inventory }` pretty-printed, `html` one
 * self-contained printable page, `pdf` the same report drawn by pdfkit.
 */
export async function exportInventory(
  verified: ExportSource,
  format: ExportFormat,
  outputPath: string,
): Promise<void> {
  const takenAt = new Date(verified.snapshot.meta.takenAt)
  switch (format) {
    case 'json':
      await writeFileAtomically(
        outputPath,
        Buffer.from(
          `${JSON.stringify({ manifest: verified.manifest, inventory: verified.snapshot }, null, 2)}\n`,
          'utf8',
        ),
      )
      return
    case 'xlsx':
      await writeXlsx(buildSheets(verified), outputPath, {
        takenAt,
        title: `PVE Desk inventory snapshot ${verified.snapshot.meta.takenAt}`,
      })
      return
    case 'csv':
      await writeCsvFolder(buildSheets(verified), outputPath)
      return
    case 'html':
    case 'pdf': {
      const report = buildReport(verified)
      await (format === 'html' ? writeHtml(report, outputPath) : writePdf(report, outputPath))
      return
    }
  }
}

/** `pvedesk-inventory-20261201-120000Z.xlsx` (`…-csv` for the CSV folder), named for when it was taken. */
export function exportFileName(verified: Pick<VerifiedInventory, 'snapshot'>, format: ExportFormat): string {
  const base = inventoryFileName(new Date(verified.snapshot.meta.takenAt), 'manual').replace(/\.zip$/, '')
  return format === 'csv' ? `${base}-csv` : `${base}.${format}`
}
