import type { panelsGuestEn } from './panels-guest-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises du panneau d’un invité (`panels.guest.*`). */
export const panelsGuestFr: Strings<typeof panelsGuestEn> = {
  tabs: {
    summary: 'Résumé',
  },
}
