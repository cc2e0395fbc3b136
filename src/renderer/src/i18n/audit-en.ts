/** English strings of inventory snapshot tools: capture, compare, export, schedule, signing key (merged into en.ts under `audit`). */
export const auditEn = {
  placeholder: '',
}
