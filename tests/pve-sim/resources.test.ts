import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { dataList, getList, json, loadApidoc, loadFixtureBody, login, pveRequest } from './test-support'
import type { SimEndpoint, Simulator } from './types'

/**
 * Keys the PVE 8 fixture happens not to show but PVE documents (pve-protocol.md 3.1, apidoc.json):
 * guest `lock` and `hastate` exist only when set; 9.x adds `memhost` (qemu) and `host-arch` (node);
 * pools carry usage sums only while a member runs.
 */
const DOCUMENTED_EXTRAS: Record<string, readonly string[]> = {
  guest: ['lock', 'hastate', 'memhost'],
  node: ['host-arch'],
  pool: ['uptime', 'mem', 'maxmem', 'cpu', 'maxcpu'],
}

const kindOf = (entry: Entry): string =>
  entry.type === 'qemu' || entry.type === 'lxc' ? 'guest' : String(entry.type)

/** For each kind of entry: every key seen, with the JSON types it had. */
function keyTypes(entries: readonly Entry[]): Map<string, Map<string, Set<string>>> {
  const kinds = new Map<string, Map<string, Set<string>>>()
  for (const entry of entries) {
    const keys = kinds.get(kindOf(entry)) ?? new Map<string, Set<string>>()
    kinds.set(kindOf(entry), keys)
    for (const [key, value] of Object.entries(entry)) {
      const types = keys.get(key) ?? new Set<string>()
      keys.set(key, types.add(value === null ? 'null' : typeof value))
    }
  }
  return kinds
}

function apidocResourceKeys(): Set<string> {
  const find = (nodes: unknown[]): Entry | undefined => {
    for (const node of nodes as Entry[]) {
      if (node.path === '/cluster/resources') return node
      const hit = find((node.children as unknown[] | undefined) ?? [])
      if (hit !== undefined) return hit
    }
    return undefined
  }
  const node = find(loadApidoc() as unknown[]) as {
    info: { GET: { returns: { items: { properties: Entry } } } }
  }
  return new Set(Object.keys(node.info.GET.returns.items.properties))
}

let sim: Simulator
let ace: SimEndpoint
let yakro: SimEndpoint
let aceSession: Session
let yakroSession: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [a, y] = sim.info.clusters
  if (a?.endpoints[0] === undefined || y?.endpoints[0] === undefined) throw new Error('endpoints missing')
  ace = a.endpoints[0]
  yakro = y.endpoints[0]
  aceSession = await login(ace, a.login.username, a.login.password)
  yakroSession = await login(yakro, y.login.username, y.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

const guestsOf = (entries: readonly Entry[]): Entry[] =>
  entries.filter((e) => e.type === 'qemu' || e.type === 'lxc')
const byName = (entries: readonly Entry[], name: string): Entry => {
  const entry = entries.find((e) => e.name === name)
  if (entry === undefined) throw new Error(`no entry named ${name}`)
  return entry
}

describe('GET /cluster/resources', () => {
  it('uses the field names and JSON types of a real PVE 8 response', async () => {
    const fixture = keyTypes(
      (loadFixtureBody('cluster-resources.datadog.pve8.json') as { data: Entry[] }).data,
    )
    const schemaKeys = apidocResourceKeys()
    for (const [endpoint, session] of [
      [ace, aceSession],
      [yakro, yakroSession],
    ] as const) {
      const simulated = keyTypes(await getList(endpoint, session, '/cluster/resources'))
      for (const [kind, keys] of simulated) {
        const real = fixture.get(kind)
        if (real === undefined) continue
        for (const [key, types] of keys) {
          expect(schemaKeys.has(key), `${kind}.${key} is in apidoc`).toBe(true)
          const realTypes = real.get(key)
          if (realTypes === undefined) {
            expect(DOCUMENTED_EXTRAS[kind], `${kind}.${key} in the fixture or documented`).toContain(key)
            continue
          }
          expect([...types], `${kind}.${key} type`).toEqual([...realTypes])
        }
      }
    }
  })

  it('lists pools first, then guests, nodes, storages and networks, with no null anywhere', async () => {
    const entries = await getList(ace, aceSession, '/cluster/resources')
    const order = [...new Set(entries.map((e) => kindOf(e)))]
    expect(order).toEqual(['pool', 'guest', 'node', 'storage', 'network'])
    expect(entries.every((e) => Object.values(e).every((v) => v !== null))).toBe(true)
    expect(entries.filter((e) => e.type === 'pool').map((e) => e.id)).toEqual([
      '/pool/infra',
      '/pool/naorlo-prod',
      '/pool/naorlo-test',
    ])
  })

  it('holds the three-sites fleet: one template, one paused and one locked VM, qemu and lxc guests', async () => {
    const entries = await getList(ace, aceSession, '/cluster/resources')
    const guests = [
      ...guestsOf(entries),
      ...guestsOf(await getList(yakro, yakroSession, '/cluster/resources')),
    ]
    expect(guests.length).toBeGreaterThanOrEqual(28)
    expect(guests.filter((g) => g.template === 1).map((g) => g.name)).toEqual(['tpl-debian12'])
    expect(guests.filter((g) => g.type === 'lxc').length).toBeGreaterThanOrEqual(5)
    expect(guests.filter((g) => 'lock' in g).map((g) => [g.name, g.lock])).toEqual([
      ['naorlo-db01', 'backup'],
    ])
    // Paused VMs are plain 'running' in this list; only status/current has the paused flag.
    expect(byName(entries, 'naorlo-report01').status).toBe('running')
    expect(new Set(guests.map((g) => g.status))).toEqual(new Set(['running', 'stopped']))
    const web = byName(entries, 'naorlo-web01')
    expect(web).toMatchObject({ tags: 'naorlo;prod;web', pool: 'naorlo-prod', hastate: 'started', disk: 0 })
    expect(byName(entries, 'dns01').disk).toBeGreaterThan(0)
  })

  it('reports zeros for everything a stopped guest cannot measure', async () => {
    const guests = guestsOf(await getList(ace, aceSession, '/cluster/resources'))
    const stopped = guests.filter((g) => g.status === 'stopped')
    expect(stopped.length).toBeGreaterThan(0)
    for (const guest of stopped) {
      expect(guest).toMatchObject({
        uptime: 0,
        cpu: 0,
        mem: 0,
        disk: 0,
        netin: 0,
        netout: 0,
        diskread: 0,
        diskwrite: 0,
      })
      expect(guest).not.toHaveProperty('memhost')
    }
  })

  it('follows the 9.x shape on ace-prod and the 8.x shape on yakro-pve1', async () => {
    const v9 = await getList(ace, aceSession, '/cluster/resources')
    const v8 = await getList(yakro, yakroSession, '/cluster/resources')
    expect(v9.find((e) => e.type === 'node')).toMatchObject({ 'host-arch': 'x86_64', 'cgroup-mode': 2 })
    expect(v8.find((e) => e.type === 'node')).not.toHaveProperty('host-arch')
    expect(byName(v9, 'naorlo-web01').memhost).toEqual(expect.any(Number))
    expect(byName(v8, 'pbs-yakro')).not.toHaveProperty('memhost')
    expect(v9.filter((e) => e.type === 'network').map((e) => e.id)).toEqual([
      'network/km4-pve1/zone/localnetwork',
      'network/km4-pve2/zone/localnetwork',
      'network/vitib-pve1/zone/localnetwork',
    ])
    expect(v8.filter((e) => e.type === 'sdn')).toEqual([
      {
        id: 'sdn/yakro-pve1/localnetwork',
        type: 'sdn',
        sdn: 'localnetwork',
        node: 'yakro-pve1',
        status: 'ok',
      },
    ])
  })

  it('lists each storage once per node, with the PBS datastore at the DR site', async () => {
    const storages = await getList(yakro, yakroSession, '/cluster/resources?type=storage')
    expect(storages.map((s) => [s.id, s.plugintype, s.content, s.shared])).toEqual([
      ['storage/yakro-pve1/local', 'dir', 'iso,vztmpl,backup', 0],
      ['storage/yakro-pve1/local-lvm', 'lvmthin', 'images,rootdir', 0],
      ['storage/yakro-pve1/pbs-yakro', 'pbs', 'backup', 1],
    ])
    // ace-prod: the LVM-thin pool and ZFS on each node, and Yamoussoukro's PBS (shared) seen from each.
    const aceStorages = await getList(ace, aceSession, '/cluster/resources?type=storage')
    expect(
      aceStorages.filter((s) => s.node === 'km4-pve1').map((s) => [s.storage, s.plugintype, s.shared]),
    ).toEqual([
      ['local', 'dir', 0],
      ['local-lvm', 'lvmthin', 0],
      ['local-zfs', 'zfspool', 0],
      ['pbs-yakro', 'pbs', 1],
    ])
    expect(aceStorages).toHaveLength(12)
  })

  it('filters by type', async () => {
    const types = async (type: string): Promise<string[]> => [
      ...new Set(
        (await getList(ace, aceSession, `/cluster/resources?type=${type}`)).map((e) => String(e.type)),
      ),
    ]
    expect(await types('vm')).toEqual(['qemu', 'lxc'])
    expect(await types('node')).toEqual(['node'])
    expect(await types('storage')).toEqual(['storage'])
    expect(await types('sdn')).toEqual(['network'])
  })

  it('rejects type=pool with a 400 and an errors map', async () => {
    const res = await pveRequest(ace, { path: '/cluster/resources?type=pool', ticket: aceSession.ticket })
    expect([res.status, res.reason, res.headers.connection]).toEqual([
      400,
      'Parameter verification failed.',
      'close',
    ])
    expect(JSON.parse(res.text)).toEqual({
      data: null,
      errors: { type: "value 'pool' does not have a value in the enumeration 'vm, storage, node, sdn'" },
      message: 'Parameter verification failed.\n',
    })
  })

  it('shows a new guest status in the next call', async () => {
    sim.setGuestStatus('ace-prod', 204, 'running')
    const started = byName(await getList(ace, aceSession, '/cluster/resources?type=vm'), 'naorlo-app02-test')
    expect(started.status).toBe('running')
    expect(started.mem).toBeGreaterThan(0)
    sim.setGuestStatus('ace-prod', 204, 'stopped')
    const stopped = byName(await getList(ace, aceSession, '/cluster/resources?type=vm'), 'naorlo-app02-test')
    expect(stopped).toMatchObject({ status: 'stopped', mem: 0, cpu: 0, uptime: 0 })
    expect(() => {
      sim.setGuestStatus('ace-prod', 4242, 'running')
    }).toThrow(/no guest 4242/)
  })

  it('gzips large bodies when the client accepts it', async () => {
    const res = await pveRequest(ace, {
      path: '/cluster/resources',
      ticket: aceSession.ticket,
      headers: { 'Accept-Encoding': 'gzip' },
    })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(dataList(res).length).toBeGreaterThan(20)
  })
})

describe('other inventory endpoints', () => {
  it('GET /cluster/status has the cluster entry only on the cluster', async () => {
    const status = await getList(ace, aceSession, '/cluster/status')
    expect(status[0]).toEqual({
      type: 'cluster',
      id: 'cluster',
      name: 'ace-prod',
      nodes: 3,
      version: 5,
      quorate: 1,
    })
    expect(status.slice(1).map((n) => [n.name, n.nodeid, n.online, n.local, n.ip, n.level])).toEqual([
      ['km4-pve1', 1, 1, 1, '127.0.0.1', ''],
      ['km4-pve2', 2, 1, 0, '127.0.0.1', ''],
      ['vitib-pve1', 3, 1, 0, '127.0.0.1', ''],
    ])
    expect(await getList(yakro, yakroSession, '/cluster/status')).toEqual([
      {
        type: 'node',
        id: 'node/yakro-pve1',
        name: 'yakro-pve1',
        nodeid: 0,
        ip: '127.0.0.1',
        local: 1,
        online: 1,
        level: '',
      },
    ])
  })

  it('GET /nodes carries each node certificate fingerprint and the keys of the real fixture', async () => {
    const nodes = await getList(ace, aceSession, '/nodes')
    const real = (loadFixtureBody('nodes.go-proxmox.json') as { data: Entry[] }).data[0] ?? {}
    const cluster = sim.info.clusters[0]
    expect(nodes.map((n) => n.ssl_fingerprint)).toEqual(cluster?.endpoints.map((e) => e.fingerprint))
    for (const node of nodes) {
      expect(Object.keys(node).sort()).toEqual(Object.keys(real).sort())
      for (const [key, value] of Object.entries(node)) expect(typeof value, key).toBe(typeof real[key])
    }
  })

  it('GET /version tells each cluster its own release', async () => {
    const version = async (endpoint: SimEndpoint, session: Session): Promise<unknown> =>
      json(await pveRequest(endpoint, { path: '/version', ticket: session.ticket })).data
    expect(await version(ace, aceSession)).toEqual({
      version: '9.1.4',
      release: '9.1',
      repoid: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
    })
    expect(await version(yakro, yakroSession)).toEqual({
      version: '8.4.1',
      release: '8.4',
      repoid: '2a2fa54b8503f96c',
    })
  })

  it('answers an unknown path with 501 and the method in the message', async () => {
    const res = await pveRequest(ace, { path: '/foo', ticket: aceSession.ticket })
    expect([res.status, res.reason, res.headers.connection]).toEqual([
      501,
      "Method 'GET /foo' not implemented",
      'close',
    ])
    expect(JSON.parse(res.text)).toEqual({ data: null, message: "Method 'GET /foo' not implemented" })
  })
})
