/** English strings of the details panels (guest, node, cluster, storage) (merged into en.ts under `panels`). */
export const panelsEn = {
  title: 'Panels',
}
