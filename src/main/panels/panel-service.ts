import type { InvokeChannel, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract'
import type { ClusterAccess } from '../guests/cluster-access'
import type { GuestService } from '../guests/guest-service'
import * as guest from './guest-panels'
import * as infra from './infra-panels'

type PanelChannel = Extract<InvokeChannel, `panel:${string}`>
type Handler<C extends PanelChannel> = (
  request: ParsedRequestOf<C>,
  context: { signal: AbortSignal },
) => Promise<ResponseOf<C>>

/**
 * The `panel:*` handlers: each finds the cluster's access (the live connection's client and cached facts, as
 * guest actions do) and reads what its panel shows. Reads only, so a read-only cluster answers them too.
 */
export function panelHandlers(guests: Pick<GuestService, 'access'>): { [C in PanelChannel]: Handler<C> } {
  const access = (clusterId: string): ClusterAccess => guests.access(clusterId)
  return {
    'panel:guestSummary': (r, { signal }) =>
      guest.readGuestSummary(access(r.clusterId), r.vmid, { timeframe: r.timeframe, cf: r.cf }, signal),
    'panel:guestConfig': (r, { signal }) => guest.readGuestConfig(access(r.clusterId), r.vmid, signal),
    'panel:guestBackups': (r, { signal }) => guest.readGuestBackups(access(r.clusterId), r.vmid, signal),
    'panel:guestReplication': (r, { signal }) =>
      guest.readGuestReplication(access(r.clusterId), r.vmid, signal),
    'panel:guestHa': (r, { signal }) => guest.readGuestHa(access(r.clusterId), r.vmid, signal),
    'panel:guestFirewall': (r, { signal }) => guest.readGuestFirewall(access(r.clusterId), r.vmid, signal),
    'panel:guestTasks': (r, { signal }) => guest.readGuestTasks(access(r.clusterId), r.vmid, signal),
    'panel:nodeSummary': (r, { signal }) =>
      infra.readNodeSummary(access(r.clusterId), r.node, { timeframe: r.timeframe, cf: r.cf }, signal),
    'panel:nodeNetwork': (r, { signal }) => infra.readNodeNetwork(access(r.clusterId), r.node, signal),
    'panel:nodeStorage': (r, { signal }) => infra.readNodeStorage(access(r.clusterId), r.node, signal),
    'panel:nodeDisks': (r, { signal }) => infra.readNodeDisks(access(r.clusterId), r.node, signal),
    'panel:nodeCertificates': (r, { signal }) =>
      infra.readNodeCertificates(access(r.clusterId), r.node, signal),
    'panel:nodeSyslog': (r, { signal }) =>
      infra.readNodeSyslog(access(r.clusterId), r.node, { start: r.start, limit: r.limit }, signal),
    'panel:nodeTasks': (r, { signal }) => infra.readNodeTasks(access(r.clusterId), r.node, signal),
    'panel:cluster': (r, { signal }) => infra.readCluster(access(r.clusterId), signal),
    'panel:storage': (r, { signal }) => infra.readStorage(access(r.clusterId), r.storage, signal),
  }
}
