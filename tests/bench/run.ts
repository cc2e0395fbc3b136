// `npm run bench`: what the live-tree pipeline costs at NOC scale, as ratios measured in this one run against a
// bare JSON.parse of the same /cluster/resources payload. Wall-clock figures are printed for context only;
// no test depends on them.
import { performance } from 'node:perf_hooks'

import { normalizeResources } from '../../src/main/fleet/normalize'
import { buildTreeRows } from '../../src/renderer/src/features/tree/tree-model'
import type { ClusterEntry } from '../../src/renderer/src/stores/fleet-store'
import { diffInventory } from '../../src/shared/model/delta'

const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000)
const NODES = 40

/** `tick` > 0: the figures of every running guest have moved on (the poll after a pvestatd update). */
function payload(guests: number, changedEvery: number, salt: number, tick = 0): string {
  const entries: object[] = []
  for (let n = 0; n < NODES; n++) {
    entries.push({
      id: `node/pve${n}`,
      type: 'node',
      node: `pve${n}`,
      status: 'online',
      level: '',
      cpu: 0.1,
      maxcpu: 64,
      mem: 1e10,
      maxmem: 5e11,
      disk: 1e10,
      maxdisk: 1e12,
      uptime: 1e6,
      'cgroup-mode': 2,
    })
    entries.push({
      id: `storage/pve${n}/local`,
      type: 'storage',
      storage: 'local',
      node: `pve${n}`,
      plugintype: 'dir',
      status: 'available',
      shared: 0,
      content: 'iso,vztmpl,backup',
      disk: 1e10,
      maxdisk: 1e12,
    })
  }
  for (let i = 0; i < guests; i++) {
    const vmid = 100 + i
    const running = (i % changedEvery === 0 ? (i + salt) % 2 : i % 3) !== 0
    entries.push({
      id: `qemu/${vmid}`,
      type: 'qemu',
      vmid,
      node: `pve${i % NODES}`,
      name: `guest-${vmid}`,
      status: running ? 'running' : 'stopped',
      template: 0,
      maxcpu: 4,
      cpu: running ? 0.12 + tick / 100 : 0,
      maxmem: 8589934592,
      mem: running ? 4e9 : 0,
      maxdisk: 68719476736,
      disk: 0,
      netin: running ? 123456 + tick * 1000 : 0,
      netout: running ? 654321 + tick * 1000 : 0,
      diskread: 0,
      diskwrite: 0,
      uptime: running ? 3600 + tick * 10 : 0,
      tags: 'naorlo;prod',
      pool: 'prod',
    })
  }
  return JSON.stringify({ data: entries })
}

function time(runs: number, fn: () => void): number {
  fn() // warm-up
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  return (performance.now() - start) / runs
}

const ctx = { clusterId: 'big', sites: {}, defaultSite: 'Km4' }
const first = payload(GUESTS, 100, 0)
const second = payload(GUESTS, 100, 1) // 1 % of the guests changed state
const moved = payload(GUESTS, 100, 1, 1) // the same, and every running guest's figures moved on
const previous = normalizeResources((JSON.parse(first) as { data: unknown[] }).data, ctx).items

// As ClusterConnection does on each poll: normalize against the previous inventory, then diff with it.
const pipeline = (json: string): ReturnType<typeof diffInventory> => {
  const { items } = normalizeResources((JSON.parse(json) as { data: unknown[] }).data, ctx, previous)
  return diffInventory(previous, items)
}
const parseMs = time(20, () => JSON.parse(second) as unknown)
const pipelineMs = time(20, () => pipeline(second))
const movedParseMs = time(20, () => JSON.parse(moved) as unknown)
const movedMs = time(20, () => pipeline(moved))
// Once QEMU run states are known (every 30 s) every running VM carries one: laid on while normalizing.
const runStates = new Map<number, string>()
for (let i = 0; i < GUESTS; i++) runStates.set(100 + i, 'running')
const withStates = { ...ctx, runStates }
const previousWithStates = normalizeResources(
  (JSON.parse(first) as { data: unknown[] }).data,
  withStates,
).items
const statesMs = time(20, () => {
  const { items } = normalizeResources(
    (JSON.parse(second) as { data: unknown[] }).data,
    withStates,
    previousWithStates,
  )
  diffInventory(previousWithStates, items)
})
const { items } = normalizeResources((JSON.parse(second) as { data: unknown[] }).data, ctx, previous)
const delta = diffInventory(previous, items)
const deltaBytes = JSON.stringify(delta).length
const movedDelta = pipeline(moved)

const cluster: ClusterEntry = {
  summary: {
    id: 'big',
    name: 'big',
    readOnly: false,
    endpoints: [],
    sites: {},
    defaultSite: 'Km4',
    hasCredential: true,
  },
  status: { clusterId: 'big', state: 'online', stale: false, lastUpdated: 0 },
  seq: 1,
}
const treeMs = time(20, () =>
  buildTreeRows({ clusters: { big: cluster }, items: { big: items }, collapsed: new Set(), filter: '' }),
)
const searchMs = time(20, () =>
  buildTreeRows({
    clusters: { big: cluster },
    items: { big: items },
    collapsed: new Set(),
    filter: 'guest-55',
  }),
)

const round = (n: number): string => n.toFixed(2)
console.log(
  `PVE Desk pipeline benchmark: ${GUESTS} guests on ${NODES} nodes (${(second.length / 1e6).toFixed(1)} MB payload)`,
)
console.log(`  JSON.parse alone (baseline)          ${round(parseMs)} ms`)
console.log(
  `  parse + normalize + diff             ${round(pipelineMs)} ms   ratio ${round(pipelineMs / parseMs)}× the bare parse`,
)
console.log(
  `  … every running guest's figures new  ${round(movedMs)} ms   ratio ${round(movedMs / movedParseMs)}× its bare parse (${round(movedParseMs)} ms), ${movedDelta.upserts.length} items in the delta`,
)
console.log(
  `  … with QEMU run states laid on       ${round(statesMs)} ms   ratio ${round(statesMs / parseMs)}× the bare parse`,
)
console.log(
  `  delta sent to the renderer           ${delta.upserts.length} items, ${(deltaBytes / 1024).toFixed(1)} KiB   ratio ${(deltaBytes / second.length).toFixed(4)} of the payload`,
)
console.log(
  `  tree rows (all expanded)             ${round(treeMs)} ms   ratio ${round(treeMs / parseMs)}× the bare parse`,
)
console.log(
  `  tree rows with a search              ${round(searchMs)} ms   ratio ${round(searchMs / parseMs)}× the bare parse`,
)
