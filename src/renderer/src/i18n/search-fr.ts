import type { searchEn } from './search-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de la recherche, de ses suggestions, de la palette de commandes et de l’export CSV. */
export const searchFr: Strings<typeof searchEn> = {
  label: 'Rechercher des invités',
  placeholder: 'Nom, VMID, étiquette, nœud…',
  results: '{{count}} invités trouvés',
}
