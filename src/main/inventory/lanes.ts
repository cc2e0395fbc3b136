// Temporary stand-ins for the inventory lanes still landing (file, capture, diff, export), with the signatures
// of the design; each is replaced by a re-export of the real module as it lands, then this file goes.
import { AppError } from '../../shared/ipc/errors'
import type { ExportFormat } from '../../shared/ipc/domains/inventory'
import type { ConsoleRecord } from '../../shared/model/console'
import type {
  InventoryCluster,
  InventoryDiff,
  InventoryManifest,
  InventoryMeta,
  InventorySigner,
  InventorySnapshot,
  CaptureProgress,
} from '../../shared/model/inventory-snapshot'
import type { Params } from '../pve/http-client'

const notYet = (what: string): never => {
  throw new AppError({ code: 'internal', message: `${what} has not landed yet` })
}

export interface SigningKeyStore {
  read(): Promise<string | undefined>
  write(value: string): Promise<void>
}
export class MemorySigningKeyStore implements SigningKeyStore {
  private value: string | undefined
  read(): Promise<string | undefined> {
    return Promise.resolve(this.value)
  }
  write(value: string): Promise<void> {
    this.value = value
    return Promise.resolve()
  }
}
export class KeyringSigningKeyStore extends MemorySigningKeyStore {}

export interface InventorySigningKey {
  readonly signer: InventorySigner
  sign(data: Uint8Array): string
}
export const loadSigningKey = (_store: SigningKeyStore, _host?: string): Promise<InventorySigningKey> =>
  Promise.resolve(notYet('loadSigningKey'))

export interface VerifiedInventory {
  manifest: InventoryManifest
  snapshot: InventorySnapshot
  signer: InventorySigner
  sha256: string
  bytes: number
}
export const writeInventoryFile = (
  _path: string,
  _snapshot: InventorySnapshot,
  _key: InventorySigningKey,
): Promise<{ manifest: InventoryManifest; bytes: number }> => Promise.resolve(notYet('writeInventoryFile'))
export const readInventoryFile = (
  _source: { path: string } | { buffer: Buffer },
  _options?: { requireSigner?: string },
): Promise<VerifiedInventory> => Promise.resolve(notYet('readInventoryFile'))
export const readInventoryManifest = (_path: string): Promise<InventoryManifest> =>
  Promise.resolve(notYet('readInventoryManifest'))
export function inventoryFileName(takenAt: Date, trigger: 'manual' | 'scheduled' | 'cli'): string {
  const stamp = takenAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `pvedesk-inventory-${stamp}Z${trigger === 'scheduled' ? '-scheduled' : ''}.zip`
}

export interface CaptureCluster {
  id: string
  name: string
  sites: Record<string, string>
  defaultSite: string
  get: (path: string, params?: Params, signal?: AbortSignal) => Promise<unknown>
  lastKnown?: () => Promise<
    { at: string; source: 'live' | 'inventory-snapshot'; cluster: InventoryCluster } | undefined
  >
}
export interface CaptureOptions {
  clusters: CaptureCluster[]
  trigger: InventoryMeta['trigger']
  appVersion: string
  takenBy: { user: string; host: string }
  consoleSessions: ConsoleRecord[]
  signal?: AbortSignal
  onProgress?: (p: Omit<CaptureProgress, 'captureId' | 'phase'>) => void
  concurrencyPerCluster?: number
  now?: () => number
}
export const captureInventory = (_options: CaptureOptions): Promise<InventorySnapshot> =>
  Promise.resolve(notYet('captureInventory'))

export const diffInventories = (_from: VerifiedInventory, _to: VerifiedInventory): InventoryDiff =>
  notYet('diffInventories')
export const exportInventory = (
  _verified: VerifiedInventory,
  _format: ExportFormat,
  _outputPath: string,
): Promise<void> => Promise.resolve(notYet('exportInventory'))
export const exportFileName = (_verified: VerifiedInventory, _format: ExportFormat): string =>
  notYet('exportFileName')
