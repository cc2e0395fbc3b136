/** English strings of the search box, its suggestions, the command palette and CSV export (merged into en.ts under `search`). */
export const searchEn = {
  label: 'Search guests',
  placeholder: 'Name, VMID, tag, node…',
  results: '{{count}} guests match',
}
