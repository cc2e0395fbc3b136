import type { DrAlert, DrAlertKind } from '../../../../../shared/model/dr'

/** Red for what loses data or a site now, orange for what warns before it does; green when it is over. */
const RED_KINDS: ReadonlySet<DrAlertKind> = new Set([
  'replica-lag',
  'backup-overdue',
  'quorum-lost',
  'node-down',
  'storage-critical',
])

export const alertColour = (alert: DrAlert): 'green' | 'red' | 'orange' =>
  alert.phase === 'cleared' ? 'green' : RED_KINDS.has(alert.kind) ? 'red' : 'orange'
