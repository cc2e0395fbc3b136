// The large scenario answers every panel read for any node or guest (made on demand, nothing stored per node).

import { describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry } from './test-support'
import { call, getList, login } from './test-support'

describe('scenario large: panel reads', () => {
  it('answers disks, network, certificates, RRD, interfaces and firewall options on every cluster', async () => {
    const sim = await startSimulator({ scenario: 'large', guests: 400, tickMs: null })
    try {
      for (const cluster of sim.info.clusters) {
        const endpoint = cluster.endpoints[0]
        const last = cluster.endpoints.at(-1)
        if (endpoint === undefined || last === undefined) throw new Error(`${cluster.id}: no endpoint`)
        const root = await login(endpoint, 'root@pam', cluster.login.password)
        const node = last.node
        const get = async (path: string): Promise<unknown> => {
          const res = await call(endpoint, root, 'GET', path)
          expect(res.status, `${cluster.id} ${path}: ${res.reason}`).toBe(200)
          return res.data
        }
        expect(((await get(`/nodes/${node}/disks/list`)) as Entry[]).length).toBeGreaterThanOrEqual(4)
        expect((await get(`/nodes/${node}/network`)) as Entry[]).toEqual(
          expect.arrayContaining([expect.objectContaining({ iface: 'vmbr0', type: 'bridge' })]),
        )
        const files = (await get(`/nodes/${node}/certificates/info`)) as Entry[]
        expect(files.map((f) => f.filename)).toEqual(['pve-root-ca.pem', 'pve-ssl.pem'])
        expect(files[1]?.issuer).toBe(files[0]?.subject)
        const v9 = cluster.version.startsWith('9.')
        expect((await get(`/nodes/${node}/rrddata?timeframe=day`)) as Entry[]).toHaveLength(v9 ? 1440 : 70)
        const guests = await getList(endpoint, root, '/cluster/resources?type=vm')
        const ct = guests.find((g) => g.type === 'lxc' && g.status === 'running')
        const vm = guests.find((g) => g.type === 'qemu' && g.template === 0)
        if (ct === undefined || vm === undefined) throw new Error(`${cluster.id}: guests missing`)
        const ctBase = `/nodes/${String(ct.node)}/lxc/${String(ct.vmid)}`
        expect(((await get(`${ctBase}/interfaces`)) as Entry[]).map((i) => i.name)).toEqual(['lo', 'eth0'])
        const vmBase = `/nodes/${String(vm.node)}/qemu/${String(vm.vmid)}`
        expect((await get(`${vmBase}/rrddata?timeframe=week&cf=MAX`)) as Entry[]).toHaveLength(v9 ? 336 : 70)
        expect(await get(`${vmBase}/firewall/options`)).toHaveProperty('digest')
      }
    } finally {
      await sim.dispose()
    }
  }, 60_000)
})
