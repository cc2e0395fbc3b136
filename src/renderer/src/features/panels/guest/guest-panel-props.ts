import type { CallOptions } from '../../../../../shared/ipc/api'
import type { Result } from '../../../../../shared/ipc/errors'
import type { GuestConfigPanel } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import type { PanelQuery } from '../use-panel-query'
import { usePanelQuery } from '../use-panel-query'
import type { GuestType } from './config-groups'

/** What every guest tab knows of its guest. */
export interface GuestPanelProps {
  clusterId: string
  vmid: number
  type: GuestType
  /** The fleet key (`c1/qemu/101`), for the address store. */
  guestKey: string
}

/** Lists and settings change rarely: read again every 30 s while shown; summaries (charts) every 10 s. */
export const LIST_REFRESH_MS = 30_000
export const SUMMARY_REFRESH_MS = 10_000

/** The guest's config and pending values, for Hardware, Options and Notes. */
export function useGuestConfig({ clusterId, vmid }: GuestPanelProps): PanelQuery<GuestConfigPanel> {
  return usePanelQuery(
    `${clusterId}/${vmid}/config`,
    (options: CallOptions): Promise<Result<GuestConfigPanel>> =>
      pveDesk().panelGuestConfig({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
}
