import { AppError } from '../../shared/ipc/errors'
import type { ClusterSummary, FleetItem } from '../../shared/model/fleet'
import { normalizeResources } from '../fleet/normalize'
import type { ClusterSettings } from '../platform/settings-schema'

/** One configured cluster as main keeps it: its settings entry. No secret: those live in the vault. */
export type ClusterConfig = ClusterSettings

export const defaultSiteOf = (config: ClusterConfig): string => config.defaultSite ?? config.name

/**
 * `/cluster/resources` of this cluster as fleet items; throws `bad_response` when it is not a list at all.
 * `previous`, the cluster's last inventory, lends the items that did not change, and `runStates` are laid on
 * the running VMs (see `normalizeResources`).
 */
export function clusterInventory(
  config: ClusterConfig,
  data: unknown,
  previous?: ReadonlyMap<string, FleetItem>,
  runStates?: ReadonlyMap<number, string>,
): Map<string, FleetItem> {
  if (!Array.isArray(data)) {
    throw new AppError({
      code: 'bad_response',
      clusterId: config.id,
      message: '/cluster/resources is not a list',
    })
  }
  return normalizeResources(
    data,
    { clusterId: config.id, sites: config.sites, defaultSite: defaultSiteOf(config), runStates },
    previous,
  ).items
}

/** What the renderer may know of a cluster's configuration. */
export function summaryOf(config: ClusterConfig, hasCredential: boolean): ClusterSummary {
  const { id, name, color, readOnly, endpoints, sites, auth } = config
  return {
    id,
    name,
    readOnly,
    sites,
    auth,
    hasCredential,
    defaultSite: defaultSiteOf(config),
    endpoints: endpoints.map(({ url, node, fingerprint }) => ({
      url,
      ...(node === undefined ? {} : { node }),
      ...(fingerprint === undefined ? {} : { fingerprint }),
    })),
    ...(color === undefined ? {} : { color }),
  }
}
