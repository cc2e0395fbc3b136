import type { DrAlert } from '../../../../../shared/model/dr'

/** More alerts than this from one evaluation are told as one toast (« 5 alertes PRA »), not a wall of them. */
export const GROUP_OVER = 3

export type DrToastItem =
  | { kind: 'one'; key: string; alert: DrAlert }
  | {
      kind: 'group'
      key: string
      /** The alerts of the burst still shown (the store keeps only the last few). */
      alerts: readonly DrAlert[]
      /** How many the burst had in all (the history holds every one). */
      count: number
      raised: number
      cleared: number
      /** The worst of them: a raised one makes the group red. */
      anyRaised: boolean
    }

/**
 * The toasts for the alerts just received (newest first): the alerts of one evaluation share their time `at`,
 * so a burst is one `at`; over GROUP_OVER of them become one toast, counted from the whole history since the
 * toasts' list is capped.
 */
export function toastItems(last: readonly DrAlert[], history: readonly DrAlert[]): DrToastItem[] {
  const bursts = new Map<number, DrAlert[]>()
  for (const alert of last) {
    const burst = bursts.get(alert.at)
    if (burst === undefined) bursts.set(alert.at, [alert])
    else burst.push(alert)
  }
  const items: DrToastItem[] = []
  for (const [at, shown] of bursts) {
    const all = history.filter((a) => a.at === at)
    const whole = all.length >= shown.length ? all : shown
    if (whole.length <= GROUP_OVER) {
      for (const alert of shown) items.push({ kind: 'one', key: alert.id, alert })
      continue
    }
    const raised = whole.filter((a) => a.phase === 'raised').length
    items.push({
      kind: 'group',
      key: `group:${at}`,
      alerts: shown,
      count: whole.length,
      raised,
      cleared: whole.length - raised,
      anyRaised: raised > 0,
    })
  }
  return items
}
