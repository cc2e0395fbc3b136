import type { TFunction } from 'i18next'

import type { ClusterCapture } from '../../stores/fleet-store'
import { utcMinute } from './inventory-format'

/** The accessible name of an inventory snapshot's cluster row: its name and how the capture reached it. */
export function capturedClusterLabel(name: string, capture: ClusterCapture, t: TFunction): string {
  const base = `${t('kind.cluster')} ${name}, ${t(`inventory.reach.${capture.reach}`)}`
  if (capture.reach !== 'unreachable') return base
  return capture.lastKnownAt === undefined
    ? `${base}, ${t('inventory.tree.noData')}`
    : `${base}, ${t('inventory.tree.lastKnownAt', { date: `${utcMinute(capture.lastKnownAt)} UTC` })}`
}
