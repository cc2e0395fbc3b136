import { AppError } from '../../../shared/ipc/errors'
import type {
  NodeStatusFacts,
  NodeSubscription,
  NodeSummaryPanel,
  PackageVersion,
} from '../../../shared/model/infra-panels'
import type { PanelGap, RrdCf, RrdTimeframe } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { defined, finite, integer, isRecord, record, records, text, truthy } from '../pve-read'
import { normalizeRrd } from '../rrd'
import { nodePath, partAsker, stopIfCancelled } from './parts'

/** Packages `apt/versions` lists on a real node: about 60; a hostile answer is cut here. */
const MAX_PACKAGES = 2_000

/**
 * `loadavg` as PVE sends it: three strings (`["0.52","0.61","0.70"]`, Nodes.pm `status` via
 * PVE::ProcFSTools::read_loadavg). Kept only when every value reads: a junk one would shift the 5 and 15
 * minute averages into the wrong place.
 */
export function loadAverages(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > 3) return undefined
  const numbers = value.map(finite)
  return numbers.every((n): n is number => n !== undefined) ? numbers : undefined
}

/** `GET /nodes/{node}/status` as the summary shows it. */
export function nodeStatusFacts(data: unknown): NodeStatusFacts {
  const status = record(data)
  const cpuinfo = record(status.cpuinfo)
  const memory = record(status.memory)
  const swap = record(status.swap)
  const rootfs = record(status.rootfs)
  const boot = record(status['boot-info'])
  return defined({
    cpu: finite(status.cpu),
    cpus: integer(cpuinfo.cpus),
    cpuModel: text(cpuinfo.model),
    sockets: integer(cpuinfo.sockets),
    loadavg: loadAverages(status.loadavg),
    wait: finite(status.wait),
    mem: finite(memory.used),
    maxmem: finite(memory.total),
    swap: finite(swap.used),
    maxswap: finite(swap.total),
    rootUsed: finite(rootfs.used),
    rootTotal: finite(rootfs.total),
    uptime: finite(status.uptime),
    kernel: text(status.kversion),
    pveVersion: text(status.pveversion),
    bootMode: text(boot.mode),
    secureBoot: isRecord(status['boot-info']) && boot.mode === 'efi' ? truthy(boot.secureboot) : undefined,
  })
}

/**
 * `GET /nodes/{node}/subscription`, without `key`, `serverid` or `signature`: the fields are picked, never
 * copied wholesale, so a key PVE sends (it does, to Sys.Audit) stays in main. No `status`: nothing to show.
 */
export function nodeSubscription(data: unknown): NodeSubscription | undefined {
  const sub = record(data)
  const status = text(sub.status)
  if (status === undefined) return undefined
  return defined({
    status,
    level: text(sub.level),
    productName: text(sub.productname),
    nextDueDate: text(sub.nextduedate),
    regDate: text(sub.regdate),
    message: text(sub.message, 8_192),
  })
}

/** `GET /nodes/{node}/apt/versions` (APT.pm `versions`: Debian's capitalised field names). */
export function packageVersions(data: unknown): PackageVersion[] {
  return records(data, MAX_PACKAGES).flatMap((row) => {
    const name = text(row.Package)
    if (name === undefined) return []
    return [
      defined({
        package: name,
        version: text(row.Version),
        oldVersion: text(row.OldVersion),
        title: text(row.Title),
        runningKernel: text(row.RunningKernel),
        managerVersion: text(row.ManagerVersion),
      }),
    ]
  })
}

/**
 * The node's summary: status, RRD history, subscription and package versions asked at once. Each refused part
 * is a gap; when none reads at all the first failure is the panel's error (a blank summary would say nothing).
 */
export async function readNodeSummary(
  access: ClusterAccess,
  node: string,
  chart: { timeframe: RrdTimeframe; cf: RrdCf },
  signal?: AbortSignal,
): Promise<NodeSummaryPanel> {
  const base = nodePath(access, node)
  const gaps: PanelGap[] = []
  const ask = partAsker(access, gaps, signal, base)
  const [status, rrd, subscription, packages] = await Promise.all([
    ask('status', '/status', nodeStatusFacts),
    ask('rrddata', '/rrddata', (d) => normalizeRrd(d, chart.timeframe, chart.cf), { ...chart }),
    ask('subscription', '/subscription', nodeSubscription),
    ask('apt/versions', '/apt/versions', packageVersions),
  ])
  stopIfCancelled(access, signal)
  const first = gaps[0]
  if (gaps.length === 4 && first !== undefined) throw new AppError(first.error)
  const panel: NodeSummaryPanel = {
    status: status ?? {},
    rrd: rrd ?? normalizeRrd([], chart.timeframe, chart.cf),
    packages: packages ?? [],
    gaps,
  }
  if (subscription !== undefined) panel.subscription = subscription
  return panel
}
