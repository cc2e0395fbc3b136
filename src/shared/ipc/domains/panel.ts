import { z } from 'zod'

import {
  ClusterPanel,
  ClusterRequest,
  NodeCertificatesPanel,
  NodeDisksPanel,
  NodeNetworkPanel,
  NodeRequest,
  NodeStoragePanel,
  NodeSummaryPanel,
  StoragePanel,
  StorageRequest,
  SyslogPage,
} from '../../model/infra-panels'
import {
  ChartRequest,
  GuestBackupsPanel,
  GuestConfigPanel,
  GuestFirewallPanel,
  GuestHaPanel,
  GuestReplicationPanel,
  GuestRequest,
  GuestSummaryPanel,
  TaskHistoryPanel,
} from '../../model/panels'
import { defineDomain } from '../domain'

const guest = GuestRequest
const node = NodeRequest

/**
 * What the details panels read, one call per shown panel per refresh, each cancellable (the selection moved).
 * Main reads PVE for it (several calls when the panel needs them) and answers it normalized; PVE's refusals
 * (`forbidden` without the privilege) and an unreachable cluster come back as the call's error. Nothing here
 * changes anything in PVE, so a read-only cluster answers these too.
 */
export const panelDomain = defineDomain('panel', {
  invoke: {
    /** `status/current`, `rrddata` for the timeframe and the guest agent's facts (or the container's interfaces). */
    'panel:guestSummary': {
      request: guest.extend(ChartRequest).strict(),
      response: GuestSummaryPanel,
      cancellable: true,
    },
    /** `config` and `pending`: every key, disks, NICs, notes. */
    'panel:guestConfig': { request: guest, response: GuestConfigPanel, cancellable: true },
    /** The guest's backups on every storage of its node that holds backups. */
    'panel:guestBackups': { request: guest, response: GuestBackupsPanel, cancellable: true },
    'panel:guestReplication': { request: guest, response: GuestReplicationPanel, cancellable: true },
    'panel:guestHa': { request: guest, response: GuestHaPanel, cancellable: true },
    'panel:guestFirewall': { request: guest, response: GuestFirewallPanel, cancellable: true },
    'panel:guestTasks': { request: guest, response: TaskHistoryPanel, cancellable: true },
    /** `status`, `rrddata`, `subscription`, `apt/versions`. */
    'panel:nodeSummary': {
      request: node.extend(ChartRequest).strict(),
      response: NodeSummaryPanel,
      cancellable: true,
    },
    'panel:nodeNetwork': { request: node, response: NodeNetworkPanel, cancellable: true },
    'panel:nodeStorage': { request: node, response: NodeStoragePanel, cancellable: true },
    'panel:nodeDisks': { request: node, response: NodeDisksPanel, cancellable: true },
    'panel:nodeCertificates': { request: node, response: NodeCertificatesPanel, cancellable: true },
    /**
     * One page of the node's syslog; `start` is 0-based like PVE's. PVE sets no maximum (Nodes.pm `syslog`) and
     * counts every line of the journal whatever `start` is, so none is set here: a node with a journal of more
     * than 100 million lines still shows its tail.
     */
    'panel:nodeSyslog': {
      request: node
        .extend({
          start: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          limit: z.number().int().min(1).max(5_000),
        })
        .strict(),
      response: SyslogPage,
      cancellable: true,
    },
    'panel:nodeTasks': { request: node, response: TaskHistoryPanel, cancellable: true },
    /** Quorum and nodes, the HA manager, versions across nodes, totals. */
    'panel:cluster': { request: ClusterRequest, response: ClusterPanel, cancellable: true },
    /** Usage per node, content summary, backups. */
    'panel:storage': { request: StorageRequest, response: StoragePanel, cancellable: true },
  },
  events: {},
  streams: {},
})
