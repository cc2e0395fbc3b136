// RRD history (GET …/rrddata) shaped as pve-cluster's RRD.pm `create_rrd_data` reads it from rrdcached:
//
// - resolution and row count per timeframe: PVE 8 (pve2-node/pve2-vm files, RRD.pm before 1a483ba) 70 rows of
//   1 min / 30 min / 3 h / 12 h / 7 days for hour/day/week/month/year, no `decade` (the schema's enum refuses
//   it); PVE 9 (pve-node-9.0/pve-vm-9.0 files, pve-cluster 9.0.7: `$setup`) hour 60 × 1 min, day 1440 × 1 min,
//   week 336 × 30 min, month 1440 × 30 min, year 1440 × 6 h, decade 570 × 7 days;
// - alignment: `$ctime = $reso * int(time() / $reso)`, rows (ctime − reso·count, ctime], each stamped with the end
//   of its interval (epoch-aligned, so UTC);
// - missing data: `$get_rrd_data` leaves undefined columns out of the row (never `null`): a node that was off
//   has rows with `time` alone; a stopped guest keeps the gauges pvestatd writes while it is stopped (`maxcpu`,
//   `maxmem`, `maxdisk`, `disk`). A consolidated row is unknown when more than half of it is (xff 0.5 in
//   pmxcfs status.c `rrd_def_node`/`rrd_def_vm`). PVE 9 drops a newest row that holds `time` alone (6126f5d,
//   "only return last entry if populated"); PVE 8 keeps it;
// - `cf=MAX`: the largest primary sample of each row. A 1-minute row is one sample (MAX = AVERAGE); coarser
//   rows peak above their average, never above the capacity.
// Values drift around the current figures (floats as rrdcached averages them, even for byte counts). 9.x adds
// the pressure stall columns, `memhost`, and for nodes `memavailable` and `arcsize`.

import { guestMemHost, nodeUsage, perlFloat } from '../live'
import type { ClusterState, GuestState, NodeState } from '../model'
import { featuresOf, findNode, majorOf } from '../model'
import { ApiError } from '../router'
import type { Json } from './guests'

interface Frame {
  step: number
  count: number
}

const PVE2: Readonly<Record<string, Frame>> = {
  hour: { step: 60, count: 70 },
  day: { step: 1800, count: 70 },
  week: { step: 10_800, count: 70 },
  month: { step: 43_200, count: 70 },
  year: { step: 604_800, count: 70 },
}

const PVE9: Readonly<Record<string, Frame>> = {
  hour: { step: 60, count: 60 },
  day: { step: 60, count: 1440 },
  week: { step: 1800, count: 336 },
  month: { step: 1800, count: 1440 },
  year: { step: 21_600, count: 1440 },
  decade: { step: 604_800, count: 570 },
}

/** The base step of every PVE RRD (pvestatd writes every 10 s, rrdcached consolidates per minute). */
const BASE_STEP_S = 60

export type Cf = 'AVERAGE' | 'MAX'

/** The timeframe's rows for the cluster's version; PVE 8 refuses `decade` as its schema's enum does. */
export function rrdFrame(cluster: ClusterState, timeframe: string): Frame {
  const table = majorOf(cluster) >= 9 ? PVE9 : PVE2
  const frame = table[timeframe]
  if (frame !== undefined) return frame
  const names = Object.keys(table).join(', ')
  throw new ApiError(400, 'Parameter verification failed.\n', {
    timeframe: `value '${timeframe}' does not have a value in the enumeration '${names}'`,
  })
}

function times(frame: Frame, now: number): number[] {
  const ctime = frame.step * Math.floor(now / 1000 / frame.step)
  return Array.from({ length: frame.count }, (_, i) => ctime - (frame.count - 1 - i) * frame.step)
}

/** A repeatable wobble in [0.75, 1.25) for a series and a time. */
function wobble(seed: number, time: number): number {
  let h = (seed * 2654435761 + time * 40503) >>> 0
  h ^= h >>> 15
  h = Math.imul(h, 2246822507) >>> 0
  h = (h ^ (h >>> 13)) >>> 0
  return 0.75 + (h % 1000) / 2000
}

const MAX = Number.MAX_SAFE_INTEGER

type Interval = readonly [from: number, to: number]

/** Seconds of (t − step, t] covered by the intervals (epoch seconds). */
function covered(intervals: readonly Interval[], time: number, step: number): number {
  let sum = 0
  for (const [from, to] of intervals) sum += Math.max(0, Math.min(to, time) - Math.max(from, time - step))
  return sum
}

/** When the node's pvestatd wrote samples: from its boot to now, less its outages (epoch seconds). */
function nodeUp(node: NodeState, now: number): Interval[] {
  const end = now / 1000
  let spans: Interval[] = [[node.bootedAt / 1000, end]]
  for (const outage of node.outages ?? []) {
    const from = outage.from / 1000
    const to = outage.to === undefined ? end : outage.to / 1000
    spans = spans.flatMap(([a, b]): Interval[] =>
      to <= a || from >= b
        ? [[a, b]]
        : [...(from > a ? [[a, from] as const] : []), ...(to < b ? [[to, b] as const] : [])],
    )
  }
  // A node off without a recorded stop (built that way) has no history at all.
  if (!node.online && node.outages?.some((o) => o.to === undefined) !== true) return []
  return spans
}

/** When the guest ran, where its node wrote samples (epoch seconds). */
function guestUp(guest: GuestState, node: NodeState | undefined, now: number): Interval[] {
  const runs: Interval[] = (guest.runs ?? []).map((r) => [r.from / 1000, r.to / 1000])
  if (guest.status === 'running' && guest.startedAt > 0) runs.push([guest.startedAt / 1000, now / 1000])
  if (node === undefined) return runs
  const up = nodeUp(node, now)
  return runs.flatMap(([a, b]) =>
    up.flatMap(([c, d]): Interval[] =>
      Math.max(a, c) < Math.min(b, d) ? [[Math.max(a, c), Math.min(b, d)]] : [],
    ),
  )
}

/** Average or, for `MAX` over a consolidated row, a peak in [avg, 1.5 avg) capped at the capacity. */
function sampler(cf: Cf, step: number) {
  const peaks = cf === 'MAX' && step > BASE_STEP_S
  return (value: number, seed: number, time: number, cap = MAX): number => {
    const avg = Math.min(cap, value * wobble(seed, time))
    return perlFloat(peaks ? Math.min(cap, avg * (0.25 + wobble(seed + 7919, time))) : avg)
  }
}

/** The rows RRD.pm returns: PVE 9 drops a newest row that holds only `time`. */
function finish(cluster: ClusterState, rows: Json[]): Json[] {
  const last = rows.at(-1)
  if (majorOf(cluster) >= 9 && last !== undefined && Object.keys(last).length === 1) rows.pop()
  return rows
}

export function guestRrd(
  cluster: ClusterState,
  guest: GuestState,
  timeframe: string,
  now: number,
  cf: Cf = 'AVERAGE',
): Json[] {
  const frame = rrdFrame(cluster, timeframe)
  const v9 = featuresOf(cluster).memhost
  const node = findNode(cluster, guest.node)
  const nodeSpans = node === undefined ? undefined : nodeUp(node, now)
  const ran = guestUp(guest, node, now)
  const at = sampler(cf, frame.step)
  const seed = guest.vmid
  const rows = times(frame, now).map((time) => {
    // pvestatd writes nothing while the node is down: not even the gauges of a stopped guest.
    if (nodeSpans !== undefined && covered(nodeSpans, time, frame.step) * 2 < frame.step) return { time }
    const sample: Json = {
      time,
      maxcpu: guest.maxcpu,
      maxmem: guest.maxmem,
      maxdisk: guest.maxdisk,
      disk: guest.disk,
    }
    if (covered(ran, time, frame.step) * 2 < frame.step) return sample
    const cpu = guest.usageMean?.cpu ?? guest.cpu
    const mem = guest.usageMean?.mem ?? guest.mem
    Object.assign(sample, {
      cpu: at(cpu, seed, time, 1),
      mem: at(mem, seed + 1, time, guest.maxmem),
      netin: at(guest.rates.netin, seed + 2, time),
      netout: at(guest.rates.netout, seed + 3, time),
      diskread: at(guest.rates.diskread, seed + 4, time),
      diskwrite: at(guest.rates.diskwrite, seed + 5, time),
    })
    if (v9) {
      Object.assign(sample, {
        pressurecpusome: at(cpu * 5, seed + 6, time),
        pressurecpufull: 0,
        pressureiosome: at(cpu * 2, seed + 7, time),
        pressureiofull: at(cpu, seed + 8, time),
        pressurememorysome: 0,
        pressurememoryfull: 0,
      })
      if (guest.type === 'qemu') sample.memhost = at(guestMemHost(guest), seed + 9, time)
    }
    return sample
  })
  return finish(cluster, rows)
}

export function nodeRrd(
  cluster: ClusterState,
  node: NodeState,
  timeframe: string,
  now: number,
  cf: Cf = 'AVERAGE',
): Json[] {
  const frame = rrdFrame(cluster, timeframe)
  const v9 = featuresOf(cluster).memhost
  const usage = nodeUsage(cluster, node)
  const rootfs = cluster.storages.find((s) => s.node === node.name && s.storage === 'local')
  const seed = node.nodeid * 1000 + node.maxcpu
  const up = nodeUp(node, now)
  const at = sampler(cf, frame.step)
  const rows = times(frame, now).map((time): Json => {
    if (covered(up, time, frame.step) * 2 < frame.step) return { time }
    const memused = at(usage.mem, seed + 1, time, node.maxmem)
    const sample: Json = {
      time,
      cpu: at(usage.cpu, seed, time, 1),
      maxcpu: node.maxcpu,
      loadavg: at(usage.cpu * node.maxcpu, seed + 2, time),
      iowait: at(usage.cpu * 0.01, seed + 3, time),
      memtotal: node.maxmem,
      memused,
      swaptotal: 8 * 1024 ** 3,
      swapused: 0,
      roottotal: rootfs?.maxdisk ?? 0,
      rootused: rootfs?.disk ?? 0,
      netin: at(2_000_000, seed + 4, time),
      netout: at(3_000_000, seed + 5, time),
    }
    if (v9) {
      Object.assign(sample, {
        memavailable: perlFloat(node.maxmem - memused),
        arcsize: 0,
        pressurecpusome: at(usage.cpu * 3, seed + 6, time),
        pressureiosome: at(usage.cpu, seed + 7, time),
        pressureiofull: 0,
        pressurememorysome: 0,
        pressurememoryfull: 0,
      })
    }
    return sample
  })
  return finish(cluster, rows)
}
