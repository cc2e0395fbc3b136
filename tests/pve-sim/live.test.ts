import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { guestCounter, nodeUsage, setGuestStatus, tick } from './live'
import type { ClusterState } from './model'
import { createPrng } from './prng'
import { buildThreeSites } from './scenario-three-sites'
import { clusterResources } from './views/resources'

const NOW = Date.UTC(2026, 2, 1, 9, 0, 0)

function run(seed: number, ticks: number): ClusterState[] {
  const prng = createPrng(seed)
  const clusters = buildThreeSites(prng, NOW)
  for (let i = 0; i < ticks; i++) tick(clusters, prng, NOW + i * 3000)
  return clusters
}

describe('live changes', () => {
  it('replay identically for one seed and differ between seeds', () => {
    expect(run(7, 40)).toEqual(run(7, 40))
    expect(run(7, 40)).not.toEqual(run(8, 40))
  })

  it('never start or stop templates, locked or paused guests, and keep every figure in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const clusters = run(seed, 60)
        for (const cluster of clusters) {
          for (const guest of cluster.guests) {
            if (guest.template) expect(guest.status).toBe('stopped')
            if (guest.lock !== undefined || guest.paused) expect(guest.status).toBe('running')
            expect(guest.cpu).toBeGreaterThanOrEqual(0)
            expect(guest.cpu).toBeLessThanOrEqual(1)
            expect(guest.mem).toBeLessThanOrEqual(guest.maxmem)
            if (guest.status === 'stopped') expect([guest.cpu, guest.mem, guest.disk]).toEqual([0, 0, 0])
          }
          for (const node of cluster.nodes) {
            const usage = nodeUsage(cluster, node)
            expect(usage.cpu).toBeLessThanOrEqual(1)
            expect(usage.mem).toBeLessThanOrEqual(node.maxmem)
          }
        }
      }),
      { numRuns: 25 },
    )
  })

  it('grow counters and uptime with time while a guest runs', () => {
    const prng = createPrng(1)
    const [ace] = buildThreeSites(prng, NOW)
    if (ace === undefined) throw new Error('no cluster')
    setGuestStatus(ace, 204, 'running', prng, NOW)
    const guest = ace.guests.find((g) => g.vmid === 204)
    if (guest === undefined) throw new Error('no guest 204')
    expect(guestCounter(guest, guest.rates.netin, NOW)).toBe(0)
    expect(guestCounter(guest, guest.rates.netin, NOW + 60_000)).toBeGreaterThan(0)
    const entry = (at: number): Record<string, string | number> | undefined =>
      clusterResources(ace, 'vm', at).find((e) => e.vmid === 204)
    expect(entry(NOW + 90_000)?.uptime).toBe(90)
  })

  it('keeps the paused VM paused at zero CPU', () => {
    const clusters = run(3, 20)
    const paused = clusters.flatMap((c) => c.guests).filter((g) => g.paused)
    expect(paused.map((g) => [g.name, g.status, g.cpu])).toEqual([['naorlo-report01', 'running', 0]])
  })
})
