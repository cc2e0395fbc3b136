/** English strings of bulk (merged into en.ts under `bulk`). */
export const bulkEn = {
  title: 'Bulk',
}
