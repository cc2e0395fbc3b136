import { describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry } from './test-support'
import { call, getList, login } from './test-support'

describe('scenario large', () => {
  it('starts 10,000 guests over 5 clusters and 40 nodes in seconds, and lists them quickly', async () => {
    const started = performance.now()
    const sim = await startSimulator({ scenario: 'large', tickMs: null })
    const startup = performance.now() - started
    try {
      // A couple of seconds here; allow slack for a loaded CI machine.
      expect(startup).toBeLessThan(15_000)
      const clusters = sim.info.clusters
      expect(clusters.length).toBeGreaterThanOrEqual(5)
      expect(clusters.flatMap((c) => c.endpoints).length).toBeGreaterThanOrEqual(40)
      expect(new Set(clusters.flatMap((c) => c.endpoints.map((e) => e.fingerprint))).size).toBe(40)
      expect(new Set(clusters.map((c) => c.version))).toEqual(new Set(['9.1.4', '8.4.1']))
      let guests = 0
      for (const cluster of clusters) {
        const endpoint = cluster.endpoints[0]
        if (endpoint === undefined) throw new Error('no endpoint')
        const session = await login(endpoint, 'root@pam', cluster.login.password)
        const t = performance.now()
        const entries = await getList(endpoint, session, '/cluster/resources?type=vm')
        expect(performance.now() - t).toBeLessThan(3000)
        guests += entries.length
      }
      expect(guests).toBe(10_000)
    } finally {
      await sim.dispose()
    }
  }, 60_000)

  it('takes --guests, mixes VMs and containers, pools, tags, HA and templates, and acts like the small fleet', async () => {
    const sim = await startSimulator({ scenario: 'large', guests: 400, tickMs: null })
    try {
      const [cluster] = sim.info.clusters
      const endpoint = cluster?.endpoints[0]
      if (cluster === undefined || endpoint === undefined) throw new Error('no cluster')
      expect(cluster.users.map((u) => u.username)).toContain('noc@pve')
      const root = await login(endpoint, 'root@pam', cluster.login.password)
      const all = await getList(endpoint, root, '/cluster/resources')
      const vms = all.filter((e) => e.type === 'qemu' || e.type === 'lxc')
      expect(new Set(vms.map((g) => g.type))).toEqual(new Set(['qemu', 'lxc']))
      expect(vms.filter((g) => g.template === 1).length).toBe(3)
      expect(vms.some((g) => 'hastate' in g)).toBe(true)
      expect(all.filter((e) => e.type === 'pool').map((p) => p.id)).toEqual([
        '/pool/prod',
        '/pool/staging',
        '/pool/infra',
      ])
      const stopped = vms.find(
        (g) => g.status === 'stopped' && g.type === 'qemu' && g.template === 0,
      ) as Entry
      const res = await call(
        endpoint,
        root,
        'POST',
        `/nodes/${String(stopped.node)}/qemu/${String(stopped.vmid)}/status/start`,
      )
      expect(String(res.data)).toMatch(/:qmstart:/)
      sim.advanceClock(5)
      const after = (await getList(endpoint, root, '/cluster/resources?type=vm')).find(
        (g) => g.vmid === stopped.vmid,
      )
      expect(after?.status).toBe('running')
    } finally {
      await sim.dispose()
    }
  }, 30_000)
})
