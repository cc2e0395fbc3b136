/** English strings of the node, cluster and storage panels (lane F), spread into `panels` (panels-en.ts). */
export const panelsInfraEn = {
  node: {},
  cluster: {},
  storage: {},
}
