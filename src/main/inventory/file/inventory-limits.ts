import { MAX_INVENTORY_FILE_BYTES } from '../../../shared/ipc/domains/inventory'

/**
 * What a reader accepts, fixed before anything is inflated. `content` is below V8's largest string (~512 MiB):
 * a 10,000-guest fleet is ~20 MB, so 256 MiB is ten times the largest fleet we know and still parses.
 */
export const INVENTORY_LIMITS = {
  fileBytes: MAX_INVENTORY_FILE_BYTES,
  entries: 16,
  manifestBytes: 1024 * 1024,
  signatureBytes: 64 * 1024,
  contentBytes: 256 * 1024 * 1024,
  readmeBytes: 64 * 1024,
} as const
