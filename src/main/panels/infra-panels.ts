import { AppError } from '../../shared/ipc/errors'
import type {
  ClusterPanel,
  NodeCertificatesPanel,
  NodeDisksPanel,
  NodeNetworkPanel,
  NodeStoragePanel,
  NodeSummaryPanel,
  StoragePanel,
  SyslogPage,
} from '../../shared/model/infra-panels'
import type { RrdCf, RrdTimeframe, TaskHistoryPanel } from '../../shared/model/panels'
import type { ClusterAccess } from '../guests/cluster-access'

// The node, cluster and storage panels' reads. Placeholders until the infra-panels lane lands them.

const todo = (what: string): AppError => new AppError({ code: 'internal', message: `${what}: not built yet` })

export function readNodeSummary(
  _access: ClusterAccess,
  _node: string,
  _chart: { timeframe: RrdTimeframe; cf: RrdCf },
  _signal?: AbortSignal,
): Promise<NodeSummaryPanel> {
  return Promise.reject(todo('node summary'))
}
export function readNodeNetwork(
  _a: ClusterAccess,
  _node: string,
  _s?: AbortSignal,
): Promise<NodeNetworkPanel> {
  return Promise.reject(todo('node network'))
}
export function readNodeStorage(
  _a: ClusterAccess,
  _node: string,
  _s?: AbortSignal,
): Promise<NodeStoragePanel> {
  return Promise.reject(todo('node storage'))
}
export function readNodeDisks(_a: ClusterAccess, _node: string, _s?: AbortSignal): Promise<NodeDisksPanel> {
  return Promise.reject(todo('node disks'))
}
export function readNodeCertificates(
  _a: ClusterAccess,
  _node: string,
  _s?: AbortSignal,
): Promise<NodeCertificatesPanel> {
  return Promise.reject(todo('node certificates'))
}
export function readNodeSyslog(
  _a: ClusterAccess,
  _node: string,
  _page: { start: number; limit: number },
  _s?: AbortSignal,
): Promise<SyslogPage> {
  return Promise.reject(todo('node syslog'))
}
export function readNodeTasks(_a: ClusterAccess, _node: string, _s?: AbortSignal): Promise<TaskHistoryPanel> {
  return Promise.reject(todo('node tasks'))
}
export function readCluster(_a: ClusterAccess, _s?: AbortSignal): Promise<ClusterPanel> {
  return Promise.reject(todo('cluster'))
}
export function readStorage(_a: ClusterAccess, _storage: string, _s?: AbortSignal): Promise<StoragePanel> {
  return Promise.reject(todo('storage'))
}
