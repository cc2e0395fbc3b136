import type { TFunction } from 'i18next'
import { Boxes } from 'lucide-react'
import type { ReactElement } from 'react'

import type { ClusterCapture } from '../../stores/fleet-store'
import type { TreeRow } from '../tree/tree-row'
import { utcMinute } from './inventory-format'

const REACH_COLOR: Record<ClusterCapture['reach'], string> = {
  captured: 'green',
  partial: 'orange',
  unreachable: 'red',
}

/**
 * A cluster row of an opened inventory snapshot: how the capture reached it, never a live state — a cluster
 * unreachable at capture says so, with the date of its last-known data (or that there is none).
 */
export function CapturedClusterRow({
  row,
  capture,
  t,
}: {
  row: Extract<TreeRow, { kind: 'cluster' }>
  capture: ClusterCapture
  t: TFunction
}): ReactElement {
  return (
    <>
      <Boxes size={15} aria-hidden="true" color={row.color} />
      <span className="tree-text tree-semibold">{row.name}</span>
      <span className={`tree-badge tree-badge-dot tree-badge-${REACH_COLOR[capture.reach]}`}>
        {t(`inventory.reach.${capture.reach}`)}
      </span>
      {capture.reach === 'unreachable' ? (
        <span className="tree-small tree-orange">
          {capture.lastKnownAt === undefined
            ? t('inventory.tree.noData')
            : t('inventory.tree.lastKnownAt', { date: `${utcMinute(capture.lastKnownAt)} UTC` })}
        </span>
      ) : null}
    </>
  )
}
