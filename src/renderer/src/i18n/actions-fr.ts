import type { actionsEn } from './actions-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de actions (fusionnées dans fr.ts sous `actions`). */
export const actionsFr: Strings<typeof actionsEn> = {
  title: 'Actions',
}
