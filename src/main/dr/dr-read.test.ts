import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import { fakePve } from '../inventory/capture/fake-pve.testing'
import { readDrCluster } from './dr-read'

const TASKS = [{ upid: 'UPID:n1:1:2:3:vzdump:101:root@pam:', type: 'vzdump', id: '101', status: 'OK' }]

describe('readDrCluster', () => {
  it('reads the DR lists of a cluster and nothing of its guests configurations', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4', shuffle: true })
    pve.override('/cluster/tasks', TASKS)
    const { cluster, issues } = await readDrCluster(pve.cluster)
    const paths = pve.calls.map((c) => c.path)
    expect(paths.some((p) => p.includes('/pending') || p.includes('/agent/'))).toBe(false)
    expect(paths).not.toContain('/access/users')
    expect(cluster.reach).toBe('partial') // n2 offline: an issue, nothing asked of it
    expect(issues.map((i) => i.path)).toEqual(['/nodes/n2'])
    expect(cluster.clusterName).toBe('c1-cluster')
    expect(cluster.nodes.map((n) => [n.node, n.site, n.status])).toEqual([
      ['n1', 'Site A', 'online'],
      ['n2', 'Site B', 'offline'],
    ])
    expect(cluster.guests.map((g) => g.vmid)).toEqual([101, 102, 103, 104])
    expect(cluster.replication.jobs).toEqual([{ id: '101-0', guest: 101, target: 'n2', type: 'local' }])
    expect(cluster.replication.state).toEqual([
      { node: 'n1', entries: [{ id: '101-0', guest: 101, state: 'ok' }] },
    ])
    expect(cluster.backups.archives.map((a) => `${a.node}/${a.storage}`)).toEqual(['n1/local', 'n1/nfs'])
    expect(cluster.backups.notBackedUp).toEqual([{ vmid: 104, name: 'app01', type: 'qemu' }])
    expect(cluster.ha.rules).toBeDefined()
    expect(cluster.ha.groups).toBeUndefined()
    expect(cluster.ha.managerStatus).toEqual({ manager_status: { master_node: 'n1' }, quorum: {} })
    expect(cluster.tasks).toEqual(TASKS)
    const n1 = cluster.nodes[0]
    expect(n1?.certificates).toEqual([{ filename: 'pve-ssl.pem', notafter: 1900000000, fingerprint: 'AB' }])
    expect(n1?.version).toEqual({ version: '9.1.4', release: '9.1' })
    // The subscription key and signature never leave the reader, nor a PBS password.
    expect(JSON.stringify(cluster)).not.toMatch(/pve2c-subkey-1|"sig"|pbs-secret-1/)
    expect(n1?.subscription?.status).toBe('active')
  })

  it('asks HA groups of PVE 8, rules of PVE 9', async () => {
    const pve = fakePve({ id: 'c8', version: '8.4.1' })
    pve.override('/cluster/tasks', [])
    const { cluster } = await readDrCluster(pve.cluster)
    expect(cluster.ha.groups).toEqual([{ group: 'prefer-n1', nodes: 'n1:2,n2:1', type: 'group' }])
    expect(pve.calls.map((c) => c.path)).not.toContain('/cluster/ha/rules')
  })

  it('leaves the backup storages alone when not asked for them', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4' })
    pve.override('/cluster/tasks', [])
    const { cluster } = await readDrCluster(pve.cluster, { backups: false })
    expect(pve.calls.some((c) => c.path.includes('/content') || c.path === '/storage')).toBe(false)
    expect(cluster.backups.archives).toEqual([])
  })

  it('keeps at most the asked requests in flight', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4', delayMs: 1 })
    pve.override('/cluster/tasks', [])
    await readDrCluster(pve.cluster, { concurrency: 2 })
    expect(pve.maxInFlight).toBeLessThanOrEqual(2)
    expect(pve.maxInFlight).toBe(2)
  })

  it('survives hostile answers: a failed or malformed call costs only its part', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4' })
    pve.override('/cluster/tasks', { not: 'a list' })
    pve.override(
      '/cluster/replication',
      new AppError({ code: 'forbidden', message: 'Permission check failed' }),
    )
    let deep: unknown = 1
    for (let i = 0; i < 5_000; i++) deep = [deep]
    pve.override('/nodes/n1/certificates/info', deep)
    pve.override('/cluster/ha/status/manager_status', 'a string')
    const { cluster, issues } = await readDrCluster(pve.cluster)
    expect(cluster.tasks).toBeUndefined()
    expect(cluster.replication.jobs).toBeUndefined()
    expect(cluster.nodes[0]?.certificates).toBeUndefined()
    expect(cluster.ha.managerStatus).toBeUndefined()
    expect(cluster.backups.jobs).toBeDefined()
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]))
    expect(byPath['/cluster/tasks']?.code).toBe('bad_response')
    expect(byPath['/cluster/replication']).toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed',
    })
    expect(byPath['/nodes/n1/certificates/info']?.message).toMatch(/nested more than/)
    expect(cluster.reach).toBe('partial')
  })

  it('gives the last-known data of a cluster that does not answer, marked unreachable', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4' })
    pve.override('/cluster/tasks', [])
    const good = await readDrCluster(pve.cluster)
    pve.override('/version', new AppError({ code: 'unreachable', message: 'connect ECONNREFUSED' }))
    const at = '2026-12-01T23:00:00.000Z'
    const down = await readDrCluster({
      ...pve.cluster,
      lastKnown: () => Promise.resolve({ at, source: 'live', cluster: good.cluster }),
    })
    expect(down.cluster.reach).toBe('unreachable')
    expect(down.cluster.lastKnown).toEqual({ at, source: 'live' })
    expect(down.cluster.guests).toEqual(good.cluster.guests)
    expect(down.issues).toMatchObject([{ path: '/version', code: 'unreachable' }])
    const none = await readDrCluster(pve.cluster)
    expect(none.cluster.reach).toBe('unreachable')
    expect(none.cluster.guests).toEqual([])
  })

  it('rejects cancelled when aborted, and leaves no call running', async () => {
    const pve = fakePve({ id: 'c1', version: '9.1.4', delayMs: 50 })
    const controller = new AbortController()
    const read = readDrCluster(pve.cluster, { signal: controller.signal })
    await new Promise((r) => setTimeout(r, 60))
    controller.abort()
    await expect(read).rejects.toMatchObject({ code: 'cancelled' })
    expect(pve.calls.every((c) => c.settled)).toBe(true)
  })
})
