// Live changes: guests starting and stopping, usage figures drifting, counters growing with uptime.
// Everything random goes through the seeded PRNG so one seed replays the same story.

import type { ClusterState, GuestState, NodeState } from './model'
import { findGuest, secondsSince, SimError } from './model'
import type { Prng } from './prng'
import type { GuestPowerState } from './types'

/** Each tick flips one guest with this probability; drift always happens. */
const FLIP_PROBABILITY = 0.35

/** Perl prints floats with 15 significant digits; so do we, so that `cpu` looks like PVE's. */
export const perlFloat = (value: number): number => Number(value.toPrecision(15))

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value))

export function startGuest(guest: GuestState, prng: Prng, now: number): void {
  guest.status = 'running'
  guest.paused = false
  guest.startedAt = now
  guest.cpu = prng.between(0.02, 0.15)
  guest.mem = Math.round(guest.maxmem * prng.between(0.2, 0.45))
  guest.disk = guest.type === 'lxc' ? Math.round(guest.maxdisk * prng.between(0.15, 0.5)) : 0
  guest.usageMean = { cpu: guest.cpu, mem: guest.mem }
}

/**
 * A start (or reboot) applies the pending changes (qemu-server `vm_start` and pve-container `vm_start` →
 * `vmconfig_apply_pending`): they become the config, and the sizes follow.
 */
export function applyPending(guest: GuestState): void {
  if (guest.pending === undefined && guest.pendingDelete === undefined) return
  const applied: Record<string, string | number> = { ...guest.applied, ...guest.pending }
  const removed = new Set(guest.removed)
  for (const entry of guest.pendingDelete ?? []) {
    const key = entry.replace(/^!/, '')
    removed.add(key)
    Reflect.deleteProperty(applied, key)
  }
  for (const key of Object.keys(guest.pending ?? {})) removed.delete(key)
  const memory = Number(applied.memory)
  if (Number.isFinite(memory) && memory > 0) guest.maxmem = memory * 1024 * 1024
  const cores = Number(applied.cores)
  if (Number.isInteger(cores) && cores > 0) guest.maxcpu = cores
  guest.applied = applied
  guest.removed = [...removed]
  delete guest.pending
  delete guest.pendingDelete
}

/** Runs kept per guest for the RRD history (an RRD year holds more, but the demo needs only the last few). */
const RUNS_KEPT = 8

/**
 * A stopped guest reports zeros for everything that needs a running process (as PVE does); with `now`, the run
 * that ends is kept for the RRD history.
 */
export function stopGuest(guest: GuestState, now?: number): void {
  if (now !== undefined && guest.status === 'running' && guest.startedAt > 0) {
    guest.runs = [...(guest.runs ?? []), { from: guest.startedAt, to: now }].slice(-RUNS_KEPT)
  }
  guest.status = 'stopped'
  guest.paused = false
  guest.startedAt = 0
  guest.cpu = 0
  guest.mem = 0
  guest.disk = 0
}

export function setGuestStatus(
  cluster: ClusterState,
  vmid: number,
  status: GuestPowerState,
  prng: Prng,
  now: number,
): void {
  const guest = findGuest(cluster, vmid)
  if (guest === undefined) throw new SimError('not_found', `no guest ${vmid} in cluster ${cluster.id}`)
  if (guest.template) throw new SimError('conflict', `guest ${vmid} is a template`)
  if (status === guest.status) return
  if (status === 'running') {
    applyPending(guest)
    startGuest(guest, prng, now)
  } else stopGuest(guest, now)
}

export function guestUptime(guest: GuestState, now: number): number {
  return guest.status === 'running' ? secondsSince(guest.startedAt, now) : 0
}

/** Counters since the guest started: rate × uptime, so they only ever grow while it runs. */
export function guestCounter(guest: GuestState, rate: number, now: number): number {
  return Math.floor(rate * guestUptime(guest, now))
}

/** What the host sees of a VM: guest memory plus QEMU's own overhead (9.x `memhost`). */
export function guestMemHost(guest: GuestState): number {
  return guest.status === 'running' ? Math.round(guest.mem * 1.02 + 48 * 1024 * 1024) : 0
}

function driftGuest(guest: GuestState, prng: Prng): void {
  if (guest.status !== 'running') return
  if (guest.paused) {
    guest.cpu = 0
    return
  }
  // Figures wander around the guest's usual usage instead of walking off to the limits: a node's load stays
  // what the scenario made it, however long the simulator runs.
  const mean = guest.usageMean ?? { cpu: guest.cpu, mem: guest.mem }
  const cpuNoise = prng.between(-0.04, 0.04) * Math.min(1, mean.cpu * 5)
  guest.cpu = clamp(guest.cpu + 0.2 * (mean.cpu - guest.cpu) + cpuNoise, 0.001, 0.95)
  const memStep = guest.maxmem * prng.between(-0.03, 0.03) + 0.2 * (mean.mem - guest.mem)
  guest.mem = Math.round(clamp(guest.mem + memStep, guest.maxmem * 0.05, guest.maxmem * 0.97))
  if (guest.type === 'lxc') guest.disk = Math.min(guest.maxdisk, guest.disk + prng.int(0, 4096) * 1024)
}

function driftNode(node: NodeState, prng: Prng): void {
  node.baseCpu = clamp(node.baseCpu + prng.between(-0.005, 0.005), 0.002, 0.08)
  node.baseMem = Math.round(clamp(node.baseMem + prng.between(-64, 64) * 1024 * 1024, 2 ** 31, 2 ** 34))
}

/** Guests a random start/stop may touch: never templates, locked or paused guests, nor guests of offline nodes. */
function flippable(cluster: ClusterState): GuestState[] {
  const online = new Set(cluster.nodes.filter((n) => n.online).map((n) => n.name))
  return cluster.guests.filter((g) => !g.template && g.lock === undefined && !g.paused && online.has(g.node))
}

export function tick(clusters: readonly ClusterState[], prng: Prng, now: number): void {
  for (const cluster of clusters) {
    for (const guest of cluster.guests) driftGuest(guest, prng)
    for (const node of cluster.nodes) driftNode(node, prng)
  }
  if (!prng.chance(FLIP_PROBABILITY)) return
  const cluster = prng.pick(clusters)
  const candidates = flippable(cluster)
  if (candidates.length === 0) return
  const guest = prng.pick(candidates)
  if (guest.status === 'running') stopGuest(guest, now)
  else {
    applyPending(guest)
    startGuest(guest, prng, now)
  }
}

/** A node's usage: its own base load plus what its running guests use. */
export function nodeUsage(cluster: ClusterState, node: NodeState): { cpu: number; mem: number } {
  let cpuCores = node.baseCpu * node.maxcpu
  let mem = node.baseMem
  for (const guest of cluster.guests) {
    if (guest.node !== node.name || guest.status !== 'running') continue
    cpuCores += guest.cpu * guest.maxcpu
    mem += guest.type === 'qemu' ? guestMemHost(guest) : guest.mem
  }
  return { cpu: clamp(cpuCores / node.maxcpu, 0, 1), mem: Math.min(mem, node.maxmem) }
}

/**
 * Puts a guest on another node of its cluster at once, as a finished migration leaves it: a running guest runs
 * on in a new process (new uptime), and a replication job towards that node now replicates back to the old one
 * (pve-guest-common ReplicationConfig.pm `switch_replication_job_target`).
 */
export function moveGuest(
  cluster: ClusterState,
  vmid: number,
  target: string,
  prng: Prng,
  now: number,
): void {
  const guest = findGuest(cluster, vmid)
  if (guest === undefined) throw new SimError('not_found', `no guest ${vmid} in cluster ${cluster.id}`)
  if (!cluster.nodes.some((n) => n.name === target))
    throw new SimError('not_found', `no node ${target} in cluster ${cluster.id}`)
  if (guest.node === target) throw new SimError('conflict', `guest ${vmid} is already on ${target}`)
  const source = guest.node
  for (const job of cluster.replication) {
    if (job.guest === vmid && job.target === target) job.target = source
  }
  guest.node = target
  if (guest.status === 'running') {
    const paused = guest.paused
    startGuest(guest, prng, now)
    guest.paused = paused
    if (paused) guest.cpu = 0
  }
}
