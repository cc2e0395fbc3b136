// `npx tsx tests/bench/inventory-capture.ts [guests]`: an inventory snapshot of the simulator's large scenario
// (default 10,000 guests, 5 clusters, 40 nodes) by the real capture over HTTPS, then written as a signed file.
// Prints the requests per cluster by kind of path, the wall time against the simulator's own service time (the
// sum of `serviceMs` over its requests: the part no client can save), the capture's peak memory, and the file's
// size per guest. Figures and ratios only: no pass/fail on speed (the machine is shared).
//
// The simulator runs in this process, on the same event loop: its service time is spent on the thread the
// capture needs too, so the wall time includes it, and RSS/heap include the simulator (its own figure after
// start-up is printed as the baseline; the capture's is the peak above it).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import { defaultSiteOf } from '../../src/main/clusters/cluster-config'
import { captureInventory } from '../../src/main/inventory/capture/capture-inventory'
import { writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { PveClient } from '../../src/main/pve/pve-client'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { startSimulator } from '../pve-sim/index'
import { simFleet } from '../support/sim-fleet'

const GUESTS = Number(process.argv[2] ?? process.env.BENCH_GUESTS ?? 10_000)
const MiB = 1024 * 1024
const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

/** `/nodes/abj-prod-pve03/qemu/1234/pending?x=1` → `/nodes/{node}/qemu/{vmid}/pending`. */
function pathKind(target: string): string {
  return (target.replace(/^\/api2\/json/, '').split('?')[0] ?? '')
    .replace(/^\/nodes\/[^/]+/, '/nodes/{node}')
    .replace(/\/(qemu|lxc)\/\d+/, '/$1/{vmid}')
    .replace(/\/storage\/[^/]+\/content$/, '/storage/{storage}/content')
    .replace(/^\/pools\/.+$/, '/pools/{poolid}')
    .replace(/^\/cluster\/firewall\/(groups|ipset)\/.+$/, '/cluster/firewall/$1/{name}')
}

async function main(): Promise<void> {
  const sim = await startSimulator({ scenario: 'large', guests: GUESTS, tickMs: null })
  const dir = mkdtempSync(join(tmpdir(), 'pvedesk-bench-inventory-'))
  const fleet = simFleet(sim.info)
  const clients = fleet.configs.map(
    (c) => new PveClient(c.id, c.endpoints, fleet.credentials, { timeoutMs: 60_000 }),
  )
  try {
    const clusterOfNode = new Map(
      sim.info.clusters.flatMap((c) => c.endpoints.map((e) => [e.node, c.id] as const)),
    )
    const nodes = sim.info.clusters.reduce((n, c) => n + c.endpoints.length, 0)
    console.log(
      `Inventory capture benchmark: scenario large, ${GUESTS} guests, ${sim.info.clusters.length} clusters, ${nodes} nodes, 6 requests in flight per cluster`,
    )
    const baseline = process.memoryUsage()
    console.log(`  simulator baseline: RSS ${mib(baseline.rss)}, heap used ${mib(baseline.heapUsed)}`)

    let peakRss = baseline.rss
    let peakHeap = baseline.heapUsed
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      peakRss = Math.max(peakRss, m.rss)
      peakHeap = Math.max(peakHeap, m.heapUsed)
    }, 20)
    const from = sim.requests.length
    const started = performance.now()
    let snapshot
    try {
      snapshot = await captureInventory({
        clusters: fleet.configs.map((c, i) => {
          const client = clients[i] as PveClient
          return {
            id: c.id,
            name: c.name,
            sites: c.sites,
            defaultSite: defaultSiteOf(c),
            get: (path, params, signal) => client.call('GET', path, params, signal),
          }
        }),
        trigger: 'manual',
        appVersion: 'bench',
        takenBy: { user: 'bench', host: 'bench' },
        consoleSessions: [],
      })
    } finally {
      clearInterval(sampler)
    }
    const wallMs = performance.now() - started
    const requests = sim.requests.slice(from)

    // Requests per cluster by kind of path.
    const perCluster = new Map<string, Map<string, number>>()
    for (const r of requests) {
      const cluster = clusterOfNode.get(r.node) ?? '?'
      const kinds = perCluster.get(cluster) ?? new Map<string, number>()
      perCluster.set(cluster, kinds)
      const kind = pathKind(r.path)
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    }
    const clusters = [...perCluster.keys()].sort()
    const allKinds = [...new Set(clusters.flatMap((c) => [...(perCluster.get(c)?.keys() ?? [])]))].sort()
    const width = Math.max(...allKinds.map((k) => k.length))
    console.log(`  requests by kind of path      ${clusters.map((c) => c.padStart(9)).join('')}`)
    for (const kind of allKinds)
      console.log(
        `    ${kind.padEnd(width)}  ${clusters.map((c) => String(perCluster.get(c)?.get(kind) ?? 0).padStart(9)).join('')}`,
      )
    for (const c of clusters) {
      const kinds = perCluster.get(c) ?? new Map<string, number>()
      const total = [...kinds.values()].reduce((a, b) => a + b, 0)
      const guests = snapshot.clusters.find((x) => x.id === c)?.guests.length ?? 0
      console.log(
        `  requests ${c.padEnd(9)} ${String(total).padStart(6)} for ${guests} guests (${(total / Math.max(1, guests)).toFixed(2)} per guest)`,
      )
    }
    console.log(`  requests in all               ${requests.length}`)

    // Wall time against the simulator's own service time.
    const service = requests.map((r) => (r as { serviceMs?: number }).serviceMs)
    const known = service.filter((s): s is number => typeof s === 'number')
    console.log(`  capture wall time             ${seconds(wallMs)}`)
    if (known.length === 0)
      console.log('  simulator service time        n/a (its requests carry no serviceMs)')
    else {
      const sum = known.reduce((a, b) => a + b, 0)
      console.log(
        `  simulator service time (sum)  ${seconds(sum)} over ${known.length} requests (${(sum / known.length).toFixed(2)} ms each)`,
      )
      // One event loop serves both sides: the ratio is what the client (TLS, JSON, the capture) adds per unit
      // of the simulator's own work.
      console.log(`  wall / service time           ${(wallMs / sum).toFixed(2)}`)
    }
    console.log(
      `  peak memory during capture    RSS ${mib(peakRss)} (+${mib(peakRss - baseline.rss)}), heap used ${mib(peakHeap)} (+${mib(peakHeap - baseline.heapUsed)})`,
    )
    console.log(`  issues                        ${snapshot.issues.length}`)

    // The file.
    const key = await loadSigningKey(new MemorySigningKeyStore(), 'bench')
    const path = join(dir, 'large.zip')
    const writeStarted = performance.now()
    const { bytes, manifest } = await writeInventoryFile(path, snapshot, key)
    const writeMs = performance.now() - writeStarted
    const guests = manifest.summary.guests
    console.log(
      `  file                          ${mib(bytes)} for ${guests} guests: ${(bytes / Math.max(1, guests)).toFixed(0)} bytes per guest (inventory.json ${mib(manifest.content.bytes)}, ${(manifest.content.bytes / Math.max(1, guests)).toFixed(0)} bytes per guest), written in ${seconds(writeMs)}`,
    )
  } finally {
    for (const c of clients) c.dispose()
    await sim.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
