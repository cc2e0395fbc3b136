/** English strings of language, theme, row density and the shortcuts overlay (merged into en.ts under `look`). */
export const lookEn = {
  title: 'Look',
}
