import type { TFunction } from 'i18next'

import { changedCertificates } from '../../../../shared/model/fleet'
import { capturedClusterLabel } from '../inventory/captured-cluster-label'
import { groupTitle } from '../views/group-label'
import type { GuestActivity } from './guest-state'
import { haTone, treeGuestState } from './guest-state'
import type { TreeRow } from './tree-model'

/** What the tree knows of a guest row beyond the row: starred, a migration or backup running. */
export interface GuestRowExtras {
  favourite?: boolean
  activity?: GuestActivity | undefined
}

/**
 * The accessible name of a row: what a screen reader says and what tests query by. A guest's name always
 * includes its name, kind and VMID, and its state in words (icons are hidden from assistive technology).
 */
export function rowLabel(row: TreeRow, t: TFunction, offline = false, extras: GuestRowExtras = {}): string {
  const staleWord = offline ? t('inventory.tree.lastKnown') : t('stale.badge')
  const stale = 'stale' in row && row.stale ? `, ${staleWord}` : ''
  switch (row.kind) {
    case 'site':
      return t('tree.site', { site: row.site, count: row.guestCount })
    case 'cluster': {
      if (row.capture !== undefined) return capturedClusterLabel(row.name, row.capture, t)
      // A node whose certificate changed is said even while the others keep the cluster online.
      const changed = changedCertificates(row.status).map((e) => e.node ?? e.url)
      const certificates =
        changed.length > 0 ? `, ${t('tree.certificateChanged', { nodes: changed.join(', ') })}` : ''
      return `${t('kind.cluster')} ${row.name}, ${t(`status.${row.status.state}`)}${row.status.stale ? `, ${t('stale.badge')}` : ''}${certificates}`
    }
    case 'node':
      return `${t('kind.node')} ${row.item.node}, ${t(`status.${row.item.status}`)}${stale}`
    case 'guest': {
      const state = treeGuestState(row.item, extras.activity)
      // A lock keeps its words (`verrouillé (backup)`); a task seen running before its lock says what it does.
      const words =
        row.item.lock !== undefined
          ? t('status.locked', { lock: row.item.lock })
          : state === 'migrating' || state === 'backup'
            ? t(`views.badges.${state}`)
            : t(`status.${state}`)
      // The HA state is said when it needs a look (error, fence, moving…): started or stopped repeat the power state.
      const { hastate } = row.item
      const ha =
        hastate === undefined || haTone(hastate) === 'green' || haTone(hastate) === 'gray'
          ? ''
          : `, ${t('views.badges.ha', { state: hastate })}`
      const star = extras.favourite === true ? `, ${t('views.favourite.word')}` : ''
      return `${row.item.name} (${t(`kind.${row.item.type}`)} ${row.item.vmid}), ${words}${ha}${star}${stale}`
    }
    case 'group':
      return `${t(`views.group.kind.${row.group.kind}`)} ${t('views.group.label', {
        name: groupTitle(row.group, row.name, t),
        count: row.guestCount,
        running: row.running,
      })}`
    case 'storage':
      return `${t('kind.storage')} ${row.item.storage}, ${t(`status.${row.item.status}`, { defaultValue: row.item.status })}${stale}`
  }
}
