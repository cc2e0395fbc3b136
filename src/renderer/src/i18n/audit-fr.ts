import type { auditEn } from './audit-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des outils d’instantané d’inventaire : capture, comparaison, export, planification, clé de signature (dans fr.ts sous `audit`). */
export const auditFr: Strings<typeof auditEn> = {
  placeholder: '',
}
