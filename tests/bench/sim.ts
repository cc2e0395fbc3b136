// `npx tsx tests/bench/sim.ts [guests]`: what the PVE simulator itself costs with the large scenario (default
// 10,000 guests over 5 clusters and 40 nodes): start-up, memory, and /cluster/resources per cluster, both as an
// HTTPS round trip and as the simulator's own work (building the list and serializing it). Printed so that the
// simulator's costs are never mistaken for the client's. No test depends on these figures.
import { gzipSync } from 'node:zlib'
import { performance } from 'node:perf_hooks'

import { permissionsFor } from '../pve-sim/api'
import { startSimulator } from '../pve-sim/index'
import { buildLarge } from '../pve-sim/scenario-large'
import { createPrng } from '../pve-sim/prng'
import { login, pveRequest } from '../pve-sim/test-support'
import { clusterResources, SEE_ALL } from '../pve-sim/views/resources'

const GUESTS = Number(process.argv[2] ?? process.env.BENCH_GUESTS ?? 10_000)
const RUNS = 5
const MiB = 1024 * 1024

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const ms = (n: number): string => `${n.toFixed(1)} ms`
const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`

async function main(): Promise<void> {
  const rssBefore = process.memoryUsage().rss
  const started = performance.now()
  const sim = await startSimulator({ scenario: 'large', guests: GUESTS, tickMs: null })
  const startupMs = performance.now() - started
  try {
    const memory = process.memoryUsage()
    const clusters = sim.info.clusters
    const nodes = clusters.reduce((sum, c) => sum + c.endpoints.length, 0)
    console.log(
      `PVE simulator benchmark: scenario large, ${GUESTS} guests, ${clusters.length} clusters, ${nodes} nodes`,
    )
    console.log(`  start-up (keys, 40 certificates, servers)   ${ms(startupMs)}`)
    console.log(
      `  RSS after start                              ${mib(memory.rss)} (+${mib(memory.rss - rssBefore)})`,
    )
    console.log(`  JS heap used                                 ${mib(memory.heapUsed)}`)
    let roundTrips = 0
    let bytes = 0
    let gzipped = 0
    let total = 0
    for (const cluster of clusters) {
      const endpoint = cluster.endpoints[0]
      if (endpoint === undefined) continue
      const session = await login(endpoint, cluster.login.username, cluster.login.password)
      const times: number[] = []
      let text = ''
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now()
        const res = await pveRequest(endpoint, { path: '/cluster/resources', ticket: session.ticket })
        times.push(performance.now() - t)
        text = res.text
      }
      const entries = (JSON.parse(text) as { data: unknown[] }).data.length
      roundTrips += median(times)
      bytes += text.length
      gzipped += gzipSync(text).length
      total += entries
      console.log(
        `  GET /cluster/resources ${cluster.id.padEnd(9)} ${String(entries).padStart(6)} entries  ${ms(median(times)).padStart(9)}  ${mib(text.length)}`,
      )
    }
    console.log(
      `  all clusters: ${total} entries, ${ms(roundTrips)} of HTTPS round trips, ${mib(bytes)} JSON (${mib(gzipped)} gzipped)`,
    )
    // The simulator's own work, without TLS or the client: build the list and serialize it.
    const fleet = buildLarge(createPrng(1), Date.now(), GUESTS)
    const own = median(
      Array.from({ length: RUNS }, () => {
        const t = performance.now()
        for (const cluster of fleet) {
          const perms = permissionsFor(cluster)
          const visible = {
            ...SEE_ALL,
            guest: (vmid: number): boolean => perms.has('root@pam', `/vms/${vmid}`, 'VM.Audit'),
          }
          JSON.stringify({ data: clusterResources(cluster, undefined, Date.now(), visible) })
        }
        return performance.now() - t
      }),
    )
    console.log(`  simulator's own work for all clusters (build + stringify)   ${ms(own)}`)
  } finally {
    await sim.dispose()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
