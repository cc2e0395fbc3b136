import { describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import type { SimEndpoint } from './types'
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

  it('has shared storage, vzdump and PBS archives, uncovered guests, ZFS replication and loads below 100 %', async () => {
    const sim = await startSimulator({ scenario: 'large', guests: 3000, tickMs: null })
    try {
      const byId = new Map(sim.info.clusters.map((c) => [c.id, c]))
      const session = async (id: string): Promise<[SimEndpoint, Session]> => {
        const cluster = byId.get(id)
        const endpoint = cluster?.endpoints[1]
        if (cluster === undefined || endpoint === undefined) throw new Error(id)
        return [endpoint, await login(endpoint, 'root@pam', cluster.login.password)]
      }
      const [abj, root] = await session('abj-prod')
      const get = async (path: string): Promise<Entry[]> => getList(abj, root, path)
      const storages = new Map((await get('/storage')).map((s) => [s.storage, s]))
      expect([...storages.keys()]).toEqual([
        'local',
        'local-lvm',
        'local-zfs',
        'ceph-vm',
        'backup-nfs',
        'pbs-abj',
      ])
      expect(storages.get('ceph-vm')).toMatchObject({ type: 'rbd', shared: 1, content: 'images' })
      expect(storages.get('backup-nfs')).toMatchObject({ type: 'nfs', shared: 1, content: 'backup' })
      expect(storages.get('local-zfs')).toMatchObject({ type: 'zfspool' })
      expect(storages.get('local-zfs')?.shared).toBeUndefined()

      // A shared storage lists every node's archives from any node.
      const nfs = await get('/nodes/abj-pve02/storage/backup-nfs/content')
      expect(nfs.length).toBeGreaterThan(50)
      expect(nfs.every((v) => String(v.volid).startsWith('backup-nfs:backup/vzdump-'))).toBe(true)
      expect(nfs.some((v) => v.protected === 1)).toBe(true)
      const pbs = await get('/nodes/abj-pve02/storage/pbs-abj/content')
      const states = new Set(pbs.map((v) => (v.verification as Entry | undefined)?.state ?? 'none'))
      expect(states).toEqual(new Set(['ok', 'failed', 'none']))
      expect(pbs.every((v) => typeof v.notes === 'string')).toBe(true)
      const uncovered = await get('/cluster/backup-info/not-backed-up')
      expect(uncovered.length).toBeGreaterThan(0)
      expect(uncovered.length).toBeLessThan(3000)

      const jobs = await get('/cluster/replication')
      expect(jobs.length).toBeGreaterThan(5)
      const job = jobs[0] as Entry
      const zfs = await get(`/nodes/${String(job.source)}/storage/local-zfs/content`)
      // A VM's disk is a zvol (`vm-`), a container's a dataset (`subvol-`, format `subvol`).
      const volume = zfs.find((v) => v.vmid === job.guest)
      const kind = volume?.format === 'subvol' ? 'subvol' : 'vm'
      expect(volume?.volid).toBe(`local-zfs:${kind}-${String(job.guest)}-disk-0`)
      expect(volume?.content).toBe(kind === 'subvol' ? 'rootdir' : 'images')
      const replicationStates = (
        await Promise.all(
          byId.get('abj-prod')?.endpoints.map((e) => getList(abj, root, `/nodes/${e.node}/replication`)) ??
            [],
        )
      ).flat()
      expect(replicationStates.some((s) => typeof s.error === 'string')).toBe(true)
      expect(replicationStates.some((s) => s.fail_count === 0)).toBe(true)

      const nodes = await get('/cluster/resources?type=node')
      for (const node of nodes) {
        expect(Number(node.cpu)).toBeLessThan(0.9)
        expect(Number(node.mem) / Number(node.maxmem)).toBeLessThan(0.9)
      }
      expect(new Set(nodes.map((n) => Math.round(Number(n.cpu) * 10))).size).toBeGreaterThan(2)

      // PVE 8 clusters keep HA groups, PVE 9 ones have rules.
      const [bke, bkeRoot] = await session('bke-prod')
      const groups = await getList(bke, bkeRoot, '/cluster/ha/groups')
      expect(groups.map((g) => g.group)).toEqual(['prod-preferred', 'prod-strict'])
      const resources = await getList(bke, bkeRoot, '/cluster/ha/resources')
      expect(resources.every((r) => typeof r.group === 'string')).toBe(true)
      expect((await get('/cluster/ha/rules')).map((r) => r.rule)).toContain('prod-preferred')
    } finally {
      await sim.dispose()
    }
  }, 60_000)
})
