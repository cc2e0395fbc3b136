import type { drSitesEn } from './dr-sites-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de la vue des sites du PRA, du mur et des alertes PRA. */
export const drSitesFr: Strings<typeof drSitesEn> = {}
