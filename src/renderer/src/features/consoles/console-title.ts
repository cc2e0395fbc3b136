import type { TFunction } from 'i18next'

import type { ConsoleInfo, ConsoleRecord } from '../../../../shared/model/console'
import type { ClusterSummary } from '../../../../shared/model/fleet'
import type { ConsoleChoiceId } from './console-choices'

/** Which console of the menu a console is (the same words and glyph in its tab). */
export function choiceOf(info: Pick<ConsoleInfo | ConsoleRecord, 'kind' | 'target'>): ConsoleChoiceId {
  if (info.kind === 'spice') return 'spice'
  if (info.kind === 'vnc') return 'screen'
  if (info.target.type === 'node') return 'shell'
  return info.target.type === 'lxc' ? 'console' : 'serial'
}

export interface ConsoleTitle {
  /** The guest's name and VMID, or the node's name. */
  title: string
  /** Cluster and node. */
  where: string
  site: string | undefined
  /** The whole description, for the tab's accessible name and tooltip. */
  label: string
}

/** How a console's tab names it: guest (name + vmid) or node, then cluster and node, then the kind. */
export function consoleTitle(
  info: ConsoleInfo,
  summary: Pick<ClusterSummary, 'name' | 'sites' | 'defaultSite'> | undefined,
  t: TFunction,
): ConsoleTitle {
  const { target } = info
  const title =
    target.type === 'node' ? target.node : `${info.guestName ?? t(`kind.${target.type}`)} (${target.vmid})`
  const cluster = summary?.name ?? info.clusterId
  const where = `${cluster} · ${target.node}`
  const site =
    info.site ?? (summary === undefined ? undefined : (summary.sites[target.node] ?? summary.defaultSite))
  const kind = t(`consoles.choice.${choiceOf(info)}`)
  const named = t('consoles.tabTitle', { kind, title })
  return { title, where, site, label: `${named}, ${where}${site === undefined ? '' : `, ${site}`}` }
}
