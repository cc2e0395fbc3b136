import type { ClusterSummary } from '../../shared/model/fleet'
import type { ClusterSettings } from '../platform/settings-schema'

/** One configured cluster as main keeps it: its settings entry. No secret: those live in the vault. */
export type ClusterConfig = ClusterSettings

export const defaultSiteOf = (config: ClusterConfig): string => config.defaultSite ?? config.name

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
