// A dead node's HA guests are fenced, then recovered on another node (pve-ha-manager Manager.pm), on the
// simulated clock: fence → recovery → started where the node-affinity rule says.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import { FENCE_AFTER_MS, RECOVERY_AFTER_MS } from './tasks/ha-recovery'
import type { Entry, Session } from './test-support'
import { getList, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4b: SimEndpoint
let vitib: SimEndpoint
let session: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const ace = sim.info.clusters[0]
  const b = ace?.endpoints.find((e) => e.node === 'km4-pve2')
  const v = ace?.endpoints.find((e) => e.node === 'vitib-pve1')
  if (ace === undefined || b === undefined || v === undefined) throw new Error('ace-prod missing')
  km4b = b
  vitib = v
  session = await login(km4b, ace.login.username, ace.login.password)
})

afterEach(async () => {
  await sim.reset()
  session = await login(km4b, 'root@pam', 'pvedesk-demo')
})

afterAll(async () => {
  await sim.dispose()
})

const service = async (endpoint: SimEndpoint, sid: string): Promise<Entry | undefined> =>
  (await getList(endpoint, session, '/cluster/ha/status/current')).find((e) => e.sid === sid)

const vm = async (vmid: number): Promise<Entry | undefined> =>
  (await getList(km4b, session, '/cluster/resources?type=vm')).find((e) => e.vmid === vmid)

describe('HA recovery of a dead node', () => {
  it('fences the services, recovers them, and starts them on the rule’s next node', async () => {
    expect(await vm(101)).toMatchObject({ node: 'km4-pve1', status: 'running' })
    await sim.stopNode('km4-pve1')
    expect(await service(km4b, 'vm:101')).toMatchObject({ node: 'km4-pve1', state: 'fence' })
    sim.advanceClock(FENCE_AFTER_MS / 1000)
    expect(await service(km4b, 'vm:101')).toMatchObject({ node: 'km4-pve1', state: 'recovery' })
    sim.advanceClock(RECOVERY_AFTER_MS / 1000)
    // naorlo-prod-on-km4: km4-pve1:2, km4-pve2:1 (not strict): km4-pve2 takes them all.
    expect(await service(km4b, 'vm:101')).toMatchObject({ node: 'km4-pve2', state: 'started' })
    expect(await vm(101)).toMatchObject({ node: 'km4-pve2', status: 'running', hastate: 'started' })
    expect(((await vm(101))?.uptime as number) <= 1).toBe(true)
    for (const vmid of [102, 103, 104, 105]) expect((await vm(vmid))?.node).toBe('km4-pve2')
    // Guests outside HA stay with their dead node.
    expect(await vm(106)).toMatchObject({ node: 'km4-pve1', status: 'unknown' })
    // Back online, the node gets nothing back by itself.
    await sim.startNode('km4-pve1')
    expect((await vm(101))?.node).toBe('km4-pve2')
  })

  it('does nothing without quorum, nor when the node is back before it is fenced', async () => {
    await sim.stopNode('km4-pve1')
    sim.advanceClock(FENCE_AFTER_MS / 1000 - 5)
    await sim.startNode('km4-pve1')
    sim.advanceClock(60)
    expect((await vm(101))?.node).toBe('km4-pve1')
    expect(await service(km4b, 'vm:101')).toMatchObject({ state: 'started' })
    await sim.stopNode('km4-pve1')
    await sim.stopNode('km4-pve2')
    sim.advanceClock((FENCE_AFTER_MS + RECOVERY_AFTER_MS) / 1000 + 60)
    expect(await service(vitib, 'vm:101')).toMatchObject({ node: 'km4-pve1', state: 'fence' })
  })
})
