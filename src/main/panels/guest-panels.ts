import { AppError } from '../../shared/ipc/errors'
import type {
  GuestBackupsPanel,
  GuestConfigPanel,
  GuestFirewallPanel,
  GuestHaPanel,
  GuestReplicationPanel,
  GuestSummaryPanel,
  RrdCf,
  RrdTimeframe,
  TaskHistoryPanel,
} from '../../shared/model/panels'
import type { ClusterAccess } from '../guests/cluster-access'

// The guest panel's reads. Placeholders until the guest-panels lane lands them.

const todo = (what: string): AppError => new AppError({ code: 'internal', message: `${what}: not built yet` })

export function readGuestSummary(
  _access: ClusterAccess,
  _vmid: number,
  _chart: { timeframe: RrdTimeframe; cf: RrdCf },
  _signal?: AbortSignal,
): Promise<GuestSummaryPanel> {
  return Promise.reject(todo('guest summary'))
}
export function readGuestConfig(
  _a: ClusterAccess,
  _vmid: number,
  _s?: AbortSignal,
): Promise<GuestConfigPanel> {
  return Promise.reject(todo('guest config'))
}
export function readGuestBackups(
  _a: ClusterAccess,
  _vmid: number,
  _s?: AbortSignal,
): Promise<GuestBackupsPanel> {
  return Promise.reject(todo('guest backups'))
}
export function readGuestReplication(
  _a: ClusterAccess,
  _vmid: number,
  _s?: AbortSignal,
): Promise<GuestReplicationPanel> {
  return Promise.reject(todo('guest replication'))
}
export function readGuestHa(_a: ClusterAccess, _vmid: number, _s?: AbortSignal): Promise<GuestHaPanel> {
  return Promise.reject(todo('guest HA'))
}
export function readGuestFirewall(
  _a: ClusterAccess,
  _vmid: number,
  _s?: AbortSignal,
): Promise<GuestFirewallPanel> {
  return Promise.reject(todo('guest firewall'))
}
export function readGuestTasks(
  _a: ClusterAccess,
  _vmid: number,
  _s?: AbortSignal,
): Promise<TaskHistoryPanel> {
  return Promise.reject(todo('guest tasks'))
}
