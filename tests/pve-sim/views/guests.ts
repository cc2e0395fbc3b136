// Guest status as qemu-server (`vmstatus`) and pve-container report it: status/current and the per-node lists.
// Version quirks: `qmpstatus` tells a paused VM from a running one; `pid` and the QEMU runtime details exist only
// while running; `template` only on templates, `lock` and `tags` only when set; LXC lists carry `vmid` as a
// string; 9.x adds `memhost` and the pressure stall figures of running guests.

import { guestCounter, guestMemHost, guestUptime, perlFloat } from '../live'
import type { ClusterState, GuestState } from '../model'
import { featuresOf, majorOf } from '../model'
import { haCrmState } from '../tasks/ha-agent'

export type Json = Record<string, unknown>

/** The Linux guests have a serial console (`serial0: socket`), which qemu's termproxy needs. */
export const hasSerial = (guest: GuestState): boolean =>
  guest.type === 'qemu' && !guest.tags.includes('windows')

/**
 * VMs tagged `windows`, `test` or `legacy` have a SPICE display (`vga: qxl`); the others the default VGA, so
 * spiceproxy answers them `no spice port`.
 */
export const hasSpice = (guest: GuestState): boolean =>
  guest.type === 'qemu' && guest.tags.some((t) => t === 'windows' || t === 'test' || t === 'legacy')

const GiB = 1024 ** 3

/** A stable pseudo PID per guest and start, so that two calls agree. */
const pidOf = (guest: GuestState): number =>
  1000 + ((guest.vmid * 7919 + Math.floor(guest.startedAt / 1000)) % 3_000_000)

function common(guest: GuestState, now: number): Json {
  const running = guest.status === 'running'
  const entry: Json = {
    vmid: guest.vmid,
    name: guest.name,
    status: guest.status,
    uptime: guestUptime(guest, now),
    cpu: running ? perlFloat(guest.cpu) : 0,
    cpus: guest.maxcpu,
    mem: guest.mem,
    maxmem: guest.maxmem,
    maxdisk: guest.maxdisk,
    disk: guest.disk,
    netin: guestCounter(guest, guest.rates.netin, now),
    netout: guestCounter(guest, guest.rates.netout, now),
    diskread: guestCounter(guest, guest.rates.diskread, now),
    diskwrite: guestCounter(guest, guest.rates.diskwrite, now),
  }
  if (running) entry.pid = pidOf(guest)
  if (guest.template) entry.template = 1
  if (guest.lock !== undefined) entry.lock = guest.lock
  if (guest.tags.length > 0) entry.tags = guest.tags.join(';')
  return entry
}

function pressure(guest: GuestState, qemu: boolean): Json {
  const load = perlFloat(guest.cpu * 0.05)
  const figures: Json = {
    pressurecpusome: load,
    pressureiosome: perlFloat(load / 2),
    pressureiofull: perlFloat(load / 3),
    pressurememorysome: 0,
    pressurememoryfull: 0,
  }
  if (qemu) figures.pressurecpufull = 0
  return figures
}

function qemuRuntime(cluster: ClusterState, guest: GuestState, now: number): Json {
  const v9 = majorOf(cluster) >= 9
  const free = guest.maxmem - guest.mem
  const runtime: Json = {
    'running-machine': v9 ? 'pc-i440fx-9.2+pve1' : 'pc-i440fx-8.1+pve0',
    'running-qemu': v9 ? '9.2.0' : '8.1.5',
    'proxmox-support': {
      'backup-max-workers': true,
      'pbs-dirty-bitmap': true,
      'pbs-dirty-bitmap-migration': true,
      'pbs-dirty-bitmap-savevm': true,
      'pbs-library-version': v9 ? '1.5.2 (UNKNOWN)' : '1.4.1 (UNKNOWN)',
      'pbs-masterkey': true,
      'query-bitmap-info': true,
    },
    balloon: guest.maxmem,
    balloon_min: guest.maxmem,
    shares: 1000,
    blockstat: { scsi0: blockstat(guest, now), ide2: blockstat(undefined, now) },
    ballooninfo: {
      actual: guest.maxmem,
      max_mem: guest.maxmem,
      free_mem: free,
      total_mem: guest.maxmem - 64 * 1024 ** 2,
    },
    freemem: free,
    nics: {
      [`tap${guest.vmid}i0`]: {
        netin: guestCounter(guest, guest.rates.netin, now),
        netout: guestCounter(guest, guest.rates.netout, now),
      },
    },
  }
  if (featuresOf(cluster).memhost)
    Object.assign(runtime, { memhost: guestMemHost(guest) }, pressure(guest, true))
  return runtime
}

/** QEMU's per-drive counters (query-blockstats), as 8.x passes them through, JSON booleans included. */
function blockstat(guest: GuestState | undefined, now: number): Json {
  const read = guest === undefined ? 0 : guestCounter(guest, guest.rates.diskread, now)
  const written = guest === undefined ? 0 : guestCounter(guest, guest.rates.diskwrite, now)
  return {
    rd_bytes: read,
    wr_bytes: written,
    rd_operations: Math.floor(read / 65_536),
    wr_operations: Math.floor(written / 65_536),
    flush_operations: Math.floor(written / 1_048_576),
    failed_rd_operations: 0,
    failed_wr_operations: 0,
    account_failed: true,
    account_invalid: true,
    timed_stats: [],
  }
}

/** HA status of a guest: `{managed: 0}`, or the service state for HA-managed ones. */
const haOf = (guest: GuestState): Json =>
  // HA/Config.pm `get_service_status`: the CRM's state of the service.
  guest.ha ? { managed: 1, state: haCrmState(guest) } : { managed: 0 }

export function qemuStatus(cluster: ClusterState, guest: GuestState, now: number): Json {
  const running = guest.status === 'running'
  const entry: Json = {
    ...common(guest, now),
    qmpstatus: running ? (guest.paused ? 'paused' : 'running') : 'stopped',
    ha: haOf(guest),
  }
  if (guest.paused) entry.cpu = 0
  if (!guest.tags.includes('windows')) entry.agent = 1
  if (hasSerial(guest)) entry.serial = 1
  // qemu-server API2/Qemu.pm `vm_status`: `spice` when the VGA type is qxl* or virtio*.
  if (hasSpice(guest)) entry.spice = 1
  return running ? { ...entry, ...qemuRuntime(cluster, guest, now) } : entry
}

export function lxcStatus(cluster: ClusterState, guest: GuestState, now: number): Json {
  const entry: Json = {
    ...common(guest, now),
    type: 'lxc',
    swap: guest.status === 'running' ? Math.round(guest.mem * 0.02) : 0,
    maxswap: 512 * 1024 ** 2,
    ha: haOf(guest),
  }
  if (guest.status === 'running' && featuresOf(cluster).memhost) Object.assign(entry, pressure(guest, false))
  return entry
}

/** GET /nodes/{node}/qemu: the guests of that node, `qmpstatus` only with full=1. */
export function qemuList(
  cluster: ClusterState,
  guests: readonly GuestState[],
  now: number,
  full: boolean,
): Json[] {
  return guests.map((g) => {
    // The list leaves out the HA state and the QEMU runtime details; qmpstatus only with full=1.
    const {
      ha: _ha,
      agent: _agent,
      'proxmox-support': _support,
      ballooninfo: _ballooninfo,
      blockstat: _blockstat,
      balloon_min: _balloonMin,
      shares: _shares,
      nics: _nics,
      freemem: _freemem,
      balloon: _balloon,
      qmpstatus,
      spice: _spice,
      ...entry
    } = qemuStatus(cluster, g, now)
    return full ? { ...entry, qmpstatus } : entry
  })
}

export function lxcList(cluster: ClusterState, guests: readonly GuestState[], now: number): Json[] {
  return guests.map((g) => {
    const { ha: _ha, ...entry } = lxcStatus(cluster, g, now)
    // pve-container lists the vmid as it read it from the file name: a string.
    return { ...entry, vmid: String(g.vmid) }
  })
}

export const diskGiB = (guest: GuestState): number => Math.round(guest.maxdisk / GiB)
