/** English strings of actions (merged into en.ts under `actions`). */
export const actionsEn = {
  title: 'Actions',
}
