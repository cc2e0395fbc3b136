/** English strings of the DR sites overview, the wall and the DR alerts (merged into en.ts under `drSites`). */
export const drSitesEn = {}
