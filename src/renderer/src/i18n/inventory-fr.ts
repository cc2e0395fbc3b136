import type { inventoryEn } from './inventory-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des instantanés d’inventaire : fichiers, consultation hors ligne (dans fr.ts sous `inventory`). */
export const inventoryFr: Strings<typeof inventoryEn> = {
  placeholder: '',
}
