import type { InvokeChannel, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterAccess } from '../guests/cluster-access'
import type { GuestService } from '../guests/guest-service'
import * as guest from './guest-panels'
import * as infra from './infra-panels'

type PanelChannel = Extract<InvokeChannel, `panel:${string}`>
type Handler<C extends PanelChannel> = (
  request: ParsedRequestOf<C>,
  context: { signal: AbortSignal },
) => Promise<ResponseOf<C>>

/** Where the connection a read starts on is found, to end the read with it. */
export type ConnectionOf = (clusterId: string) => Pick<ClusterConnection, 'onDidDispose'>

/**
 * The `panel:*` handlers: each finds the cluster's access (the live connection's client and cached facts, as
 * guest actions do) and reads what its panel shows. Reads only, so a read-only cluster answers them too.
 *
 * With `connectionOf`, a read is also cancelled when the connection it started on goes (its cluster removed or
 * its settings replaced, the app closing): the renderer may never cancel it (a removed cluster's panel is
 * gone at once), and a read on a node that hangs would otherwise wait out the request deadline for no one.
 */
export function panelHandlers(
  guests: Pick<GuestService, 'access'>,
  connectionOf?: ConnectionOf,
): { [C in PanelChannel]: Handler<C> } {
  const access = (clusterId: string): ClusterAccess => guests.access(clusterId)
  const handlers = panelReads(access)
  if (connectionOf === undefined) return handlers
  const bound = {} as Record<PanelChannel, Handler<PanelChannel>>
  for (const channel of Object.keys(handlers) as PanelChannel[]) {
    const handler = handlers[channel] as Handler<PanelChannel>
    bound[channel] = (request, context) =>
      whileConnected(connectionOf(request.clusterId), context.signal, (signal) =>
        handler(request, { signal }),
      )
  }
  return bound
}

/** `read` with a signal aborted by the caller's or by the connection's end, whichever comes first. */
export async function whileConnected<T>(
  connection: Pick<ClusterConnection, 'onDidDispose'>,
  signal: AbortSignal,
  read: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const abort = (): void => controller.abort()
  if (signal.aborted) controller.abort()
  else signal.addEventListener('abort', abort, { once: true })
  const gone = connection.onDidDispose(abort)
  try {
    return await read(controller.signal)
  } finally {
    gone.dispose()
    signal.removeEventListener('abort', abort)
  }
}

function panelReads(access: (clusterId: string) => ClusterAccess): { [C in PanelChannel]: Handler<C> } {
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
