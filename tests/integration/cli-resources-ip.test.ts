import { describe, expect, it } from 'vitest'

import { useSimulatorFleet } from '../support/simulator-fleet'
import { desk, deskClusters } from './cli-desk'

// `pvedesk resources --filter 'ip:…'`: the addresses are learnt from the guests themselves (QEMU agent, the
// container's interfaces), only of the running guests that match the rest of the query.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const pvedesk = (args: string[]): ReturnType<typeof desk> =>
  desk(deskClusters(fleet), args, { sim: fleet.sim })

/** The vmids whose agent or interfaces were asked since `from`. */
const askedSince = (from: number): number[] =>
  fleet.sim.requests
    .slice(from)
    .flatMap((r) => /\/(?:qemu|lxc)\/(\d+)\/(?:agent\/|interfaces$)/.exec(r.path)?.[1] ?? [])
    .map(Number)

const vmids = (out: string): number[] =>
  (JSON.parse(out) as { vmid: string }[]).map((r) => Number(r.vmid)).sort((a, b) => a - b)

describe('pvedesk resources --filter ip:', () => {
  it('finds a VM by its agent address and a container by its interfaces', async () => {
    const vm = await pvedesk(['resources', '--cluster', 'ace-prod', '--filter', 'ip:10.100.0.103', '--json'])
    expect(vm.err).toBe('')
    expect(vm.code).toBe(0)
    expect(vmids(vm.out)).toEqual([101])
    const ct = await pvedesk(['resources', '--cluster', 'ace-prod', '--filter', 'ip:10.100.0.112', '--json'])
    expect(vmids(ct.out)).toEqual([110])
  })

  it('asks only the running guests that match the rest of the query', async () => {
    fleet.sim.setGuestStatus('ace-prod', 102, 'stopped')
    const from = fleet.sim.requests.length
    const run = await pvedesk([
      'resources',
      '--cluster',
      'ace-prod',
      '--filter',
      'vmid:101-103 ip:10.*',
      '--json',
    ])
    expect(run.code).toBe(0)
    const asked = new Set(askedSince(from))
    expect([...asked].sort()).toEqual([101, 103])
    expect(vmids(run.out)).toEqual([101, 103])
  })

  it('a negated ip: keeps the guests without such an address; no ip: term asks no guest', async () => {
    const negated = await pvedesk([
      'resources',
      '--cluster',
      'ace-prod',
      '--filter',
      'vmid:101-103 -ip:10.100.0.103',
      '--json',
    ])
    expect(vmids(negated.out)).toEqual([102, 103])
    const from = fleet.sim.requests.length
    const plain = await pvedesk(['resources', '--cluster', 'ace-prod', '--filter', 'vmid:101-103', '--json'])
    expect(vmids(plain.out)).toEqual([101, 102, 103])
    expect(askedSince(from)).toEqual([])
  })
})
