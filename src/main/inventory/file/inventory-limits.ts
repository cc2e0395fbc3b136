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
  /**
   * How many times its compressed size inventory.json may inflate to. Opening costs ~3.5× the JSON's size in
   * memory, so without this a ~2 MB upload holding 256 MiB of JSON costs ~0.9 GB. Real captures compress
   * 7–10× (the large-scenario bench: 18 MiB of canonical JSON in 2.4 MiB, 7.5×); 50× leaves room for very
   * uniform fleets. Below `ratioFloorBytes` of JSON the ratio is not judged: so small a file is cheap anyway,
   * and a tiny fleet of identical guests may compress far better.
   */
  contentInflateRatio: 50,
  ratioFloorBytes: 8 * 1024 * 1024,
} as const

/** Why inventory.json, declared `uncompressed` bytes in `compressed`, inflates too far; undefined when it does not. */
export function inflateRatioRefusal(uncompressed: number, compressed: number): string | undefined {
  if (uncompressed <= INVENTORY_LIMITS.ratioFloorBytes) return undefined
  if (uncompressed <= compressed * INVENTORY_LIMITS.contentInflateRatio) return undefined
  const ratio = compressed === 0 ? 'infinitely' : `${Math.round(uncompressed / compressed)}×`
  return `inventory.json inflates ${ratio} (${compressed} to ${uncompressed} bytes), more than ${INVENTORY_LIMITS.contentInflateRatio}×`
}
