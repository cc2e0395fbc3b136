import { userInfo } from 'node:os'

import type { ClusterConnection } from '../clusters/cluster-connection'
import { defaultSiteOf } from '../clusters/cluster-config'
import type { CaptureCluster, LastKnownCluster as LastKnown } from './capture/capture-inventory'

/** A configured cluster as the capture reads it: its connection's client (same session), its site labels. */
export function captureClusterOf(
  connection: ClusterConnection,
  lastKnown: () => Promise<LastKnown | undefined>,
): CaptureCluster {
  const { config } = connection
  return {
    id: config.id,
    name: config.name,
    sites: config.sites,
    defaultSite: defaultSiteOf(config),
    get: (path, params, signal) => connection.api.call('GET', path, params, signal),
    lastKnown,
  }
}

/** The operating-system account taking the capture (as `takenBy.user`). */
export function localUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}
