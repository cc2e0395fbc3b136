import type { panelsEn } from './panels-en'
import { panelsInfraFr } from './panels-infra-fr'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des panneaux de détails (invité, nœud, cluster, stockage). */
export const panelsFr: Strings<typeof panelsEn> = {
  title: 'Panels',
  ...panelsInfraFr,
}
