// Temporary stand-ins for the inventory lanes still landing (export), with the signatures of the design;
// each is replaced by the real module as it lands, then this file goes.
import { AppError } from '../../shared/ipc/errors'
import type { ExportFormat } from '../../shared/ipc/domains/inventory'
import type { VerifiedInventory } from './file/inventory-file'

const notYet = (what: string): never => {
  throw new AppError({ code: 'internal', message: `${what} has not landed yet` })
}

export const exportInventory = (
  _verified: VerifiedInventory,
  _format: ExportFormat,
  _outputPath: string,
): Promise<void> => Promise.resolve(notYet('exportInventory'))
export const exportFileName = (_verified: VerifiedInventory, _format: ExportFormat): string =>
  notYet('exportFileName')

// The CLI commands of the file and report lanes (src/cli/inventory-file-commands.ts, inventory-report-commands.ts).
type CliIo = { out: (line: string) => void; err: (line: string) => void }
const cliNotYet = (io: CliIo, what: string): Promise<number> => {
  io.err(`pvedesk: internal: ${what} has not landed yet`)
  return Promise.resolve(1)
}
export const inventoryDiff = (io: CliIo, _a: string, _b: string, _opts: { json: boolean }): Promise<number> =>
  cliNotYet(io, 'inventory diff')
export const inventoryExport = (
  io: CliIo,
  _file: string,
  _opts: { format: ExportFormat; output: string },
): Promise<number> => cliNotYet(io, 'inventory export')
