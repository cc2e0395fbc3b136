import { panelsCommonEn } from './panels-common-en'
import { panelsGuestEn } from './panels-guest-en'
import { panelsInfraEn } from './panels-infra-en'

/** English strings of the details panels (guest, node, cluster, storage) (merged into en.ts under `panels`). */
export const panelsEn = {
  title: 'Panels',
  // The frame, charts and guest panel (lane E): their own files too.
  ...panelsCommonEn,
  guest: panelsGuestEn,
  // Node, cluster and storage panels (lane F): their own file, so that two lanes never edit one block.
  ...panelsInfraEn,
}
