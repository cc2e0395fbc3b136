import type { lookEn } from './look-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de la langue, du thème, de la densité des lignes et de l’aide des raccourcis. */
export const lookFr: Strings<typeof lookEn> = {
  title: 'Look',
}
