// Temporary stand-ins for the inventory lanes still landing (diff, export), with the signatures of the design;
// each is replaced by the real module as it lands, then this file goes.
import { AppError } from '../../shared/ipc/errors'
import type { ExportFormat } from '../../shared/ipc/domains/inventory'
import type { InventoryDiff } from '../../shared/model/inventory-snapshot'
import type { VerifiedInventory } from './file/inventory-file'

const notYet = (what: string): never => {
  throw new AppError({ code: 'internal', message: `${what} has not landed yet` })
}

export const diffInventories = (_from: VerifiedInventory, _to: VerifiedInventory): InventoryDiff =>
  notYet('diffInventories')
export const exportInventory = (
  _verified: VerifiedInventory,
  _format: ExportFormat,
  _outputPath: string,
): Promise<void> => Promise.resolve(notYet('exportInventory'))
export const exportFileName = (_verified: VerifiedInventory, _format: ExportFormat): string =>
  notYet('exportFileName')
