import type { viewsEn } from './views-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des vues de l’arbre, des dossiers, des favoris et des vues enregistrées. */
export const viewsFr: Strings<typeof viewsEn> = {
  title: 'Views',
}
