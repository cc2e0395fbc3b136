import type { bulkEn } from './bulk-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de bulk (fusionnées dans fr.ts sous `bulk`). */
export const bulkFr: Strings<typeof bulkEn> = {
  title: 'Bulk',
}
