import type { panelsInfraEn } from './panels-infra-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises des panneaux nœud, cluster et stockage, étalées dans `panels` (panels-fr.ts). */
export const panelsInfraFr: Strings<typeof panelsInfraEn> = {
  node: {},
  cluster: {},
  storage: {},
}
