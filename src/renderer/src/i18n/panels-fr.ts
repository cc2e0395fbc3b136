import { panelsCommonFr } from './panels-common-fr'
import type { panelsEn } from './panels-en'
import { panelsGuestFr } from './panels-guest-fr'
import { panelsInfraFr } from './panels-infra-fr'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des panneaux de détails (invité, nœud, cluster, stockage). */
export const panelsFr: Strings<typeof panelsEn> = {
  title: 'Panels',
  ...panelsCommonFr,
  guest: panelsGuestFr,
  ...panelsInfraFr,
}
