/** English strings of inventory snapshots: files, offline browsing (merged into en.ts under `inventory`). */
export const inventoryEn = {
  placeholder: '',
}
