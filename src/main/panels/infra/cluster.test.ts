import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'

import { ClusterPanel } from '../../../shared/model/infra-panels'
import { clusterStatus, clusterTotals, mixedVersionsOf, readCluster, VERSION_CONCURRENCY } from './cluster'
import { haFacts, stateInLine } from './cluster-ha'
import { forbidden, infraAccess, untilAborted } from './fake-infra.testing'

const statusOf = (nodes: string[], offline: string[] = []): unknown[] => [
  { type: 'cluster', id: 'cluster', name: 'ace-prod', quorate: 1, version: 7, nodes: nodes.length },
  ...nodes.map((name, i) => ({
    type: 'node',
    id: `node/${name}`,
    name,
    nodeid: i + 1,
    ip: `10.10.0.${11 + i}`,
    online: offline.includes(name) ? 0 : 1,
    local: i === 0 ? 1 : 0,
  })),
]

const versionRoutes = (versions: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(versions).map(([node, version]) => [
      `/nodes/${node}/version`,
      { version, release: version.split('.').slice(0, 2).join('.'), repoid: 'abc' },
    ]),
  )

const nodes3 = ['km4-pve1', 'km4-pve2', 'vitib-pve1']
const ha = {
  '/cluster/ha/status/current': [
    { id: 'quorum', type: 'quorum', status: 'OK', quorate: 1 },
    { id: 'master', type: 'master', node: 'km4-pve1', status: 'km4-pve1 (active, Tue Dec  1 18:59:23 2026)' },
    { id: 'lrm:km4-pve1', type: 'lrm', node: 'km4-pve1', status: 'km4-pve1 (active, …)' },
    { id: 'service:vm:101', type: 'service', sid: 'vm:101' },
    { id: 'service:vm:102', type: 'service', sid: 'vm:102' },
  ],
  '/cluster/ha/status/manager_status': {
    manager_status: { master_node: 'km4-pve1', service_status: { 'vm:101': {}, 'vm:102': {} } },
    quorum: { node: 'km4-pve1', quorate: 1 },
    lrm_status: {
      'vitib-pve1': { mode: 'active', state: 'wait_for_agent_lock' },
      'km4-pve1': { mode: 'maintenance', state: 'active' },
    },
  },
}
const resources = [
  { type: 'node', node: 'km4-pve1', status: 'online', cpu: 0.5, maxcpu: 32, mem: 10, maxmem: 100 },
  { type: 'node', node: 'km4-pve2', status: 'online', cpu: 0.25, maxcpu: 32, mem: 20, maxmem: 100 },
  { type: 'node', node: 'vitib-pve1', status: 'offline', cpu: 0.9, maxcpu: 64 },
  { type: 'qemu', vmid: 101, status: 'running' },
  { type: 'lxc', vmid: 113, status: 'stopped' },
  { type: 'qemu', vmid: 900, status: 'running', template: 1 },
  {
    type: 'storage',
    storage: 'ceph',
    node: 'km4-pve1',
    shared: 1,
    status: 'available',
    disk: 5,
    maxdisk: 50,
  },
  {
    type: 'storage',
    storage: 'ceph',
    node: 'km4-pve2',
    shared: 1,
    status: 'available',
    disk: 5,
    maxdisk: 50,
  },
  { type: 'storage', storage: 'local', node: 'km4-pve1', status: 'available', disk: 1, maxdisk: 10 },
  { type: 'storage', storage: 'local', node: 'km4-pve2', status: 'available', disk: 2, maxdisk: 10 },
  { type: 'storage', storage: 'local', node: 'vitib-pve1', status: 'unknown', disk: 9, maxdisk: 10 },
]

describe('cluster status and totals', () => {
  it('reads the cluster entry and each node with its site; a standalone node has no cluster name', () => {
    const { access } = infraAccess({})
    const read = clusterStatus(access, statusOf(nodes3, ['vitib-pve1']))
    expect(read).toMatchObject({ clusterName: 'ace-prod', quorate: true, configVersion: 7 })
    expect(read.nodes.map((n) => [n.name, n.online, n.site])).toEqual([
      ['km4-pve1', true, 'Km4'],
      ['km4-pve2', true, 'Km4'],
      ['vitib-pve1', false, 'VITIB'],
    ])
    const alone = clusterStatus(access, [{ type: 'node', name: 'yakro-pve1', online: 1, local: 1 }])
    expect(alone).toEqual({ nodes: [{ name: 'yakro-pve1', online: true, local: true, site: 'Km4' }] })
    expect(clusterStatus(access, 'junk')).toEqual({ nodes: [] })
  })

  it('counts as PVE’s Datacenter summary: a shared storage once, templates never running, online nodes’ CPU', () => {
    expect(clusterTotals(resources)).toEqual({
      nodes: 3,
      nodesOnline: 2,
      guests: 3,
      running: 1,
      cpu: (0.5 * 32 + 0.25 * 32) / 64,
      maxcpu: 64,
      mem: 30,
      maxmem: 200,
      disk: 5 + 1 + 2,
      maxdisk: 50 + 10 + 10,
    })
    expect(clusterTotals('junk')).toEqual({ nodes: 0, nodesOnline: 0, guests: 0, running: 0 })
  })

  it('says mixed versions only when the online nodes differ', () => {
    const node = (
      name: string,
      version: string | undefined,
      online = true,
    ): ClusterPanel['nodes'][number] => ({
      name,
      online,
      site: 's',
      ...(version === undefined ? {} : { version }),
    })
    expect(mixedVersionsOf([node('a', '9.1.4'), node('b', '9.1.4'), node('c', undefined)])).toBe(false)
    expect(mixedVersionsOf([node('a', '9.1.4'), node('b', '9.1.2')])).toBe(true)
    expect(mixedVersionsOf([node('a', '9.1.4'), node('b', '8.4.1', false)])).toBe(false)
  })
})

describe('the HA manager', () => {
  it('reads quorum, master with its state, each LRM’s mode and state, services', () => {
    expect(haFacts(ha['/cluster/ha/status/current'], ha['/cluster/ha/status/manager_status'])).toEqual({
      quorum: 'OK',
      master: { node: 'km4-pve1', state: 'active' },
      lrm: [
        { node: 'km4-pve1', state: 'active', mode: 'maintenance' },
        { node: 'vitib-pve1', state: 'wait_for_agent_lock', mode: 'active' },
      ],
      resources: 2,
    })
  })

  it('falls back on the status lines when manager_status is refused', () => {
    const facts = haFacts(ha['/cluster/ha/status/current'], undefined)
    expect(facts.lrm).toEqual([{ node: 'km4-pve1', state: 'active' }])
    expect(facts.master).toEqual({ node: 'km4-pve1', state: 'active' })
  })

  it('reads the state word of a line, nothing from junk', () => {
    expect(stateInLine('km4-pve2 (old timestamp - dead?, Tue Dec  1 18:57:23 2026)')).toBe(
      'old timestamp - dead?',
    )
    expect(stateInLine('yakro (idle)')).toBe('idle')
    expect(stateInLine('no parenthesis')).toBeUndefined()
    expect(stateInLine(`(${'x'.repeat(10_000)}, y)`)).toBeUndefined()
  })

  it('bounds a hostile manager status: a million LRMs, anything anywhere', () => {
    const lrm_status = Object.fromEntries(
      Array.from({ length: 1_000_000 }, (_, i) => [`n${i}`, { state: 'x' }]),
    )
    expect(haFacts([], { lrm_status }).lrm).toHaveLength(512)
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (current, manager) => {
        const facts = haFacts(current, manager)
        expect(ClusterPanel.shape.ha.safeParse(facts).success).toBe(true)
      }),
    )
  })
})

describe('readCluster', () => {
  const routes = {
    '/cluster/status': statusOf(nodes3, ['vitib-pve1']),
    '/cluster/resources': resources,
    ...ha,
    ...versionRoutes({ 'km4-pve1': '9.1.4', 'km4-pve2': '9.1.2' }),
  }

  it('asks each online node its version and says the versions are mixed', async () => {
    const { access, calls } = infraAccess(routes)
    const cluster = ClusterPanel.parse(await readCluster(access))
    expect(cluster.gaps).toEqual([])
    expect(cluster.nodes.map((n) => n.version)).toEqual(['9.1.4', '9.1.2', undefined])
    expect(cluster.nodes[0]?.release).toBe('9.1')
    expect(cluster.mixedVersions).toBe(true)
    expect(calls.some((c) => c.path === '/nodes/vitib-pve1/version')).toBe(false)
  })

  it('keeps the rest when a node’s version or the HA manager is refused', async () => {
    const { access } = infraAccess({
      ...routes,
      '/nodes/km4-pve2/version': forbidden('/nodes/km4-pve2'),
      '/cluster/ha/status/manager_status': forbidden('/'),
    })
    const cluster = await readCluster(access)
    expect(cluster.gaps.map((g) => g.part)).toEqual(['ha/status/manager_status', 'nodes/km4-pve2/version'])
    expect(cluster.nodes[0]?.version).toBe('9.1.4')
    expect(cluster.ha.quorum).toBe('OK')
  })

  it('lists the fleet’s nodes when /cluster/status is refused', async () => {
    const { access } = infraAccess(
      { ...routes, '/cluster/status': forbidden('/') },
      {
        nodes: [
          {
            key: 'c/node/km4-pve1',
            clusterId: 'c',
            kind: 'node',
            node: 'km4-pve1',
            site: 'Km4',
            status: 'online',
          },
        ],
      },
    )
    const cluster = await readCluster(access)
    expect(cluster.nodes).toEqual([
      { name: 'km4-pve1', online: true, site: 'Km4', version: '9.1.4', release: '9.1' },
    ])
    expect(cluster.clusterName).toBeUndefined()
  })

  it('asks a few versions at a time, and none more once cancelled', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `n${i + 1}`)
    const controller = new AbortController()
    let inFlight = 0
    let most = 0
    const slow = ({ signal }: { signal?: AbortSignal }): Promise<never> => {
      inFlight++
      most = Math.max(most, inFlight)
      return untilAborted(signal).finally(() => inFlight--)
    }
    const { access, calls } = infraAccess({
      ...routes,
      '/cluster/status': statusOf(many),
      ...Object.fromEntries(many.map((n) => [`/nodes/${n}/version`, slow])),
    })
    const versionCalls = (): number => calls.filter((c) => c.path.endsWith('/version')).length
    const reading = readCluster(access, controller.signal)
    await vi.waitFor(() => expect(versionCalls()).toBe(VERSION_CONCURRENCY))
    controller.abort()
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' })
    expect(most).toBe(VERSION_CONCURRENCY)
    expect(versionCalls()).toBe(VERSION_CONCURRENCY)
  })

  it('starts no further version once cancelled, even when those in flight still answer', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `n${i + 1}`)
    const controller = new AbortController()
    const held: (() => void)[] = []
    // PVE answers the calls in flight although the panel went away (the abort came after the answer left).
    const late = (): Promise<unknown> =>
      held.length < VERSION_CONCURRENCY
        ? new Promise((resolve) => held.push(() => resolve({ version: '9.1.4' })))
        : Promise.resolve({ version: '9.1.4' })
    const { access, calls } = infraAccess({
      ...routes,
      '/cluster/status': statusOf(many),
      ...Object.fromEntries(many.map((n) => [`/nodes/${n}/version`, late])),
    })
    const versionCalls = (): number => calls.filter((c) => c.path.endsWith('/version')).length
    const reading = readCluster(access, controller.signal)
    await vi.waitFor(() => expect(held).toHaveLength(VERSION_CONCURRENCY))
    controller.abort()
    for (const answer of held) answer()
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' })
    expect(versionCalls()).toBe(VERSION_CONCURRENCY)
  })

  it('fails with PVE’s error when nothing reads', async () => {
    const { access } = infraAccess({})
    await expect(readCluster(access)).rejects.toMatchObject({ code: 'pve_error' })
  })
})
