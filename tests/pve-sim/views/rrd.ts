// RRD history (GET …/rrddata): 70 samples per timeframe, averaged like rrdcached's consolidation (floats even
// for byte counts), drifting around the current figures. Samples from before a guest started, or while it was
// stopped, carry only the `max…` columns and `disk`: RRD leaves the keys out when it has no data. 9.x adds the
// pressure stall columns, `memhost`, and for nodes `memavailable` and `arcsize`.

import { guestMemHost, nodeUsage, perlFloat } from '../live'
import type { ClusterState, GuestState, NodeState } from '../model'
import { featuresOf } from '../model'
import type { Json } from './guests'

const STEP_S: Readonly<Record<string, number>> = {
  hour: 60,
  day: 1800,
  week: 10_800,
  month: 43_200,
  year: 604_800,
  decade: 6_048_000,
}
const SAMPLES = 70

/** A repeatable wobble in [0.75, 1.25) for a series and a time. */
function wobble(seed: number, time: number): number {
  let h = (seed * 2654435761 + time * 40503) >>> 0
  h ^= h >>> 15
  h = Math.imul(h, 2246822507) >>> 0
  h ^= h >>> 13
  return 0.75 + (h % 1000) / 2000
}

function times(timeframe: string, now: number): number[] {
  const step = STEP_S[timeframe] ?? 60
  const last = Math.floor(now / 1000 / step) * step
  return Array.from({ length: SAMPLES }, (_, i) => last - (SAMPLES - 1 - i) * step)
}

const avg = (value: number, seed: number, time: number, max = MAX): number =>
  perlFloat(Math.min(max, value * wobble(seed, time)))
const MAX = Number.MAX_SAFE_INTEGER

export function guestRrd(cluster: ClusterState, guest: GuestState, timeframe: string, now: number): Json[] {
  const v9 = featuresOf(cluster).memhost
  const startedS = guest.status === 'running' ? guest.startedAt / 1000 : Infinity
  return times(timeframe, now).map((time) => {
    const sample: Json = {
      time,
      maxcpu: guest.maxcpu,
      maxmem: guest.maxmem,
      maxdisk: guest.maxdisk,
      disk: guest.disk,
    }
    if (time < startedS) return sample
    const seed = guest.vmid
    Object.assign(sample, {
      cpu: avg(guest.cpu, seed, time, 1),
      mem: avg(guest.mem, seed + 1, time, guest.maxmem),
      netin: avg(guest.rates.netin, seed + 2, time),
      netout: avg(guest.rates.netout, seed + 3, time),
      diskread: avg(guest.rates.diskread, seed + 4, time),
      diskwrite: avg(guest.rates.diskwrite, seed + 5, time),
    })
    if (v9) {
      Object.assign(sample, {
        pressurecpusome: avg(guest.cpu * 5, seed + 6, time),
        pressurecpufull: 0,
        pressureiosome: avg(guest.cpu * 2, seed + 7, time),
        pressureiofull: avg(guest.cpu, seed + 8, time),
        pressurememorysome: 0,
        pressurememoryfull: 0,
      })
      if (guest.type === 'qemu') sample.memhost = avg(guestMemHost(guest), seed + 9, time)
    }
    return sample
  })
}

export function nodeRrd(cluster: ClusterState, node: NodeState, timeframe: string, now: number): Json[] {
  const v9 = featuresOf(cluster).memhost
  const usage = nodeUsage(cluster, node)
  const rootfs = cluster.storages.find((s) => s.node === node.name && s.storage === 'local')
  const seed = node.nodeid * 1000 + node.maxcpu
  const bootedS = node.bootedAt / 1000
  return times(timeframe, now).map((time) => {
    if (time < bootedS || !node.online) return { time }
    const memused = avg(usage.mem, seed + 1, time, node.maxmem)
    const sample: Json = {
      time,
      cpu: avg(usage.cpu, seed, time, 1),
      maxcpu: node.maxcpu,
      loadavg: avg(usage.cpu * node.maxcpu, seed + 2, time),
      iowait: avg(usage.cpu * 0.01, seed + 3, time),
      memtotal: node.maxmem,
      memused,
      swaptotal: 8 * 1024 ** 3,
      swapused: 0,
      roottotal: rootfs?.maxdisk ?? 0,
      rootused: rootfs?.disk ?? 0,
      netin: avg(2_000_000, seed + 4, time),
      netout: avg(3_000_000, seed + 5, time),
    }
    if (v9) {
      Object.assign(sample, {
        memavailable: perlFloat(node.maxmem - memused),
        arcsize: 0,
        pressurecpusome: avg(usage.cpu * 3, seed + 6, time),
        pressureiosome: avg(usage.cpu, seed + 7, time),
        pressureiofull: 0,
        pressurememorysome: 0,
        pressurememoryfull: 0,
      })
    }
    return sample
  })
}
