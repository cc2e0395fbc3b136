import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { AppError } from '../../../shared/ipc/errors'
import type { InventoryCluster, InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import { InventorySnapshot as SnapshotSchema, REDACTED } from '../../../shared/model/inventory-snapshot'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { canonicalJson } from '../file/canonical-json'
import { readInventoryFile, writeInventoryFile } from '../file/inventory-file'
import { loadSigningKey } from '../file/signing-key'
import type { ProgressEvent } from './capture-progress'
import type { CaptureCluster, CaptureOptions } from './capture-types'
import { captureInventory } from './capture-inventory'
import { MAX_DETAILS, MAX_GUESTS } from './cluster-capture'
import { NODE_FAILURES_BEFORE_SKIP } from './node-breaker'
import type { FakeCall } from './fake-pve.testing'
import { ED25519_FINGERPRINT, fakePve } from './fake-pve.testing'
import { MAX_DEPTH } from './pve-values'

const options = (
  clusters: CaptureOptions['clusters'],
  more: Partial<CaptureOptions> = {},
): CaptureOptions => ({
  clusters,
  trigger: 'manual',
  appVersion: '0.1.0',
  takenBy: { user: 'noc', host: 'desk01' },
  consoleSessions: [],
  now: () => Date.UTC(2026, 11, 1, 12, 0, 0),
  ...more,
})

const clusterOf = (snapshot: InventorySnapshot, id: string): InventoryCluster => {
  const found = snapshot.clusters.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no cluster ${id}`)
  return found
}

/** Canonical JSON with the capture's times (and only them) taken out; the DR report's ages and lags are measured from takenAt. */
const withoutTimes = (s: InventorySnapshot): string =>
  canonicalJson({ ...s, meta: { ...s.meta, takenAt: '', durationMs: 0 }, dr: undefined })

describe('captureInventory', () => {
  it('asks each cluster-wide list once, each online node, and per guest only what no list gives', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const snapshot = await captureInventory(options([ace.cluster]))
    const paths = ace.calls.map((c) => c.path)

    expect(paths.filter((p) => p === '/cluster/resources')).toHaveLength(1)
    expect(paths.some((p) => p.endsWith('/config'))).toBe(false)
    expect(paths.some((p) => p.includes('/token'))).toBe(false)
    expect(ace.calls.find((c) => c.path === '/access/users')?.params).toEqual({ full: 1 })
    // PVE 9: rules, not groups.
    expect(paths).toContain('/cluster/ha/rules')
    expect(paths).not.toContain('/cluster/ha/groups')
    // The offline node: nothing asked of it, nor of its guests.
    expect(paths.filter((p) => p.startsWith('/nodes/n2'))).toEqual([])
    // Snapshots only for the guest whose config has a parent; firewall rules only behind firewall=1; the agent
    // only for a running VM with it enabled (104 has agent: 1 but is stopped).
    expect(paths.filter((p) => p.endsWith('/snapshot'))).toEqual(['/nodes/n1/qemu/101/snapshot'])
    expect(paths.filter((p) => /\/(qemu|lxc)\/\d+\/firewall/.test(p))).toEqual([
      '/nodes/n1/qemu/101/firewall/rules',
    ])
    expect(paths.filter((p) => p.includes('/agent/')).sort()).toEqual([
      '/nodes/n1/qemu/101/agent/get-host-name',
      '/nodes/n1/qemu/101/agent/get-osinfo',
      '/nodes/n1/qemu/101/agent/network-get-interfaces',
    ])
    // Backup content: the local storage of n1, and the shared one once (n2, offline, not asked).
    expect(paths.filter((p) => p.endsWith('/content')).sort()).toEqual([
      '/nodes/n1/storage/local/content',
      '/nodes/n1/storage/nfs/content',
    ])
    expect(ace.calls.find((c) => c.path.endsWith('/content'))?.params).toEqual({ content: 'backup' })
    // Every call is asked once.
    expect(new Set(paths).size).toBe(paths.length)

    const c = clusterOf(snapshot, 'ace')
    expect(SnapshotSchema.parse(snapshot)).toEqual(snapshot)
    expect(c.reach).toBe('partial')
    expect(c.clusterName).toBe('ace-cluster')
    expect(c.nodes.map((n) => [n.node, n.site, n.status])).toEqual([
      ['n1', 'Site A', 'online'],
      ['n2', 'Site B', 'offline'],
    ])
    expect(c.nodes[0]?.packages?.map((p) => p.Package)).toEqual(['proxmox-ve', 'pve-manager'])
    expect(c.nodes[1]?.nodeStatus).toBeUndefined()
    expect(snapshot.issues).toEqual([
      {
        clusterId: 'ace',
        node: 'n2',
        path: '/nodes/n2',
        code: 'unreachable',
        message: 'node n2 is offline: nothing was asked of it',
      },
    ])
    expect(c.guests.map((g) => [g.vmid, g.type, g.node])).toEqual([
      [101, 'qemu', 'n1'],
      [102, 'lxc', 'n1'],
      [103, 'qemu', 'n2'],
      [104, 'qemu', 'n1'],
    ])
    const web = c.guests[0]
    expect(web?.config).toMatchObject({ name: 'web01', memory: '4096', cores: 2, cipassword: REDACTED })
    expect(web?.config?.sshkeys).toBe(`ssh-ed25519 ${ED25519_FINGERPRINT} alice@laptop`)
    expect(web?.pending).toEqual([
      { key: 'cipassword', value: REDACTED, pending: REDACTED },
      { key: 'cores', value: 2, delete: 1 },
      { key: 'memory', value: '4096', pending: '8192' },
    ])
    expect(web?.guestSnapshots?.map((s) => s.name)).toEqual(['before-upgrade', 'current'])
    expect(web?.agent?.hostname).toBe('web01')
    expect(web?.agent?.interfaces?.map((i) => i.name)).toEqual(['eth0', 'lo'])
    expect(c.guests[2]?.config).toBeUndefined() // on the offline node
    expect(c.guests[3]?.pending).toEqual([])
    expect(c.guests[3]?.agent).toBeUndefined()

    expect(c.storage.definitions?.find((d) => d.storage === 'pbs')).toMatchObject({
      password: REDACTED,
      'encryption-key': REDACTED,
      'master-pubkey': 'LS0tLS1CRUdJTiBQVUJMSUMgS0VZ',
    })
    expect(c.nodes[0]?.subscription).toEqual({
      status: 'active',
      key: REDACTED,
      level: 'c',
      signature: REDACTED,
    })
    expect(c.access.users?.map((u) => u.userid)).toEqual(['noc@pve', 'root@pam'])
    expect(c.access.users?.[0]?.keys).toBe(REDACTED)
    expect(c.access.users?.[1]?.tokens).toEqual([
      { tokenid: 'backup', privsep: 1, expire: 0 },
      { tokenid: 'desk', privsep: 1, expire: 0, value: REDACTED },
      { tokenid: 'monitoring', privsep: 0, expire: 0 },
    ])
    expect(c.backups.archives.map((a) => [a.node, a.storage, a.entries.length])).toEqual([
      ['n1', 'local', 2],
      ['n1', 'nfs', 1],
    ])
    expect(c.firewall.groups?.map((g) => [g.group, g.rules?.length])).toEqual([
      ['db', 1],
      ['web', 1],
    ])
    expect(c.firewall.rules?.map((r) => r.pos)).toEqual([0, 1])
    expect(c.firewall.ipsets).toEqual([
      { name: 'admins', comment: 'NOC', entries: [{ cidr: '10.0.0.4', nomatch: 0 }, { cidr: '10.0.0.5' }] },
    ])
    expect(c.pools).toEqual([
      {
        poolid: 'prod',
        comment: 'production',
        members: [
          { id: 'lxc/102', type: 'lxc', vmid: 102, node: 'n1' },
          { id: 'qemu/101', type: 'qemu', vmid: 101, node: 'n1' },
        ],
      },
    ])
    expect(c.replication.state).toEqual([{ node: 'n1', entries: [{ id: '101-0', guest: 101, state: 'ok' }] }])
    expect(JSON.stringify(snapshot)).not.toMatch(
      /ci-secret|pbs-secret|subkey|token-secret|yubico-key|c2VjcmV0/,
    )
    expect(snapshot.meta).toEqual({
      takenAt: '2026-12-01T12:00:00.000Z',
      takenBy: { user: 'noc', host: 'desk01' },
      app: { name: 'PVE Desk', version: '0.1.0' },
      trigger: 'manual',
      durationMs: 0,
    })
  })

  it('asks HA groups of a PVE 8 cluster, rules of a PVE 9 one', async () => {
    const yak = fakePve({ id: 'yak', version: '8.4.1' })
    const snapshot = await captureInventory(options([yak.cluster]))
    expect(yak.calls.map((c) => c.path)).toContain('/cluster/ha/groups')
    expect(yak.calls.map((c) => c.path)).not.toContain('/cluster/ha/rules')
    expect(clusterOf(snapshot, 'yak').ha.groups).toHaveLength(1)
  })

  it('gives the same JSON, but for the times, when PVE lists things in another order', async () => {
    const first = await captureInventory(
      options([
        fakePve({ id: 'b', version: '9.1.4', shuffle: true, seed: 1 }).cluster,
        fakePve({ id: 'a', version: '8.4.1', shuffle: true, seed: 2 }).cluster,
      ]),
    )
    const second = await captureInventory(
      options(
        [
          fakePve({ id: 'a', version: '8.4.1', shuffle: true, seed: 3 }).cluster,
          fakePve({ id: 'b', version: '9.1.4', shuffle: true, seed: 4 }).cluster,
        ],
        {
          now: () => Date.UTC(2026, 11, 2),
        },
      ),
    )
    expect(first.clusters.map((c) => c.id)).toEqual(['a', 'b'])
    expect(withoutTimes(second)).toBe(withoutTimes(first))
  })

  it('records a failed call as an issue with the part left absent, a refused one too', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    ace.override(
      '/nodes/n1/subscription',
      new AppError({
        code: 'forbidden',
        clusterId: 'ace',
        message: 'Permission check failed (/nodes/n1, Sys.Audit)',
      }),
    )
    ace.override('/access/acl', new AppError({ code: 'pve_error', clusterId: 'ace', message: 'got timeout' }))
    ace.override('/cluster/backup', { not: 'a list' })
    ace.override(
      '/nodes/n1/qemu/101/pending',
      new AppError({ code: 'timeout', message: 'no answer in 30 s' }),
    )
    const snapshot = await captureInventory(options([ace.cluster]))
    const c = clusterOf(snapshot, 'ace')
    expect(c.reach).toBe('partial')
    expect(c.nodes[0]?.subscription).toBeUndefined()
    expect(c.nodes[0]?.dns).toBeDefined()
    expect(c.access.acl).toBeUndefined()
    expect(c.access.roles).toBeDefined()
    expect(c.backups.jobs).toBeUndefined()
    // Without its config nothing else is asked of the guest.
    expect(c.guests[0]?.config).toBeUndefined()
    expect(ace.calls.map((p) => p.path).filter((p) => p.startsWith('/nodes/n1/qemu/101/'))).toEqual([
      '/nodes/n1/qemu/101/pending',
    ])
    expect(snapshot.issues.map((i) => [i.path, i.node, i.code])).toEqual([
      ['/access/acl', undefined, 'pve_error'],
      ['/cluster/backup', undefined, 'bad_response'],
      ['/nodes/n1/qemu/101/pending', 'n1', 'timeout'],
      ['/nodes/n1/subscription', 'n1', 'forbidden'],
      ['/nodes/n2', 'n2', 'unreachable'],
    ])
    expect(snapshot.issues[3]?.message).toBe('Permission check failed (/nodes/n1, Sys.Audit)')
  })

  it('marks a cluster that does not answer unreachable: with its last-known data, or empty', async () => {
    const down = (
      id: string,
      lastKnown?: CaptureOptions['clusters'][number]['lastKnown'],
    ): CaptureOptions['clusters'][number] => ({
      id,
      name: id,
      sites: {},
      defaultSite: id,
      get: () =>
        Promise.reject(new AppError({ code: 'unreachable', clusterId: id, message: 'connect ECONNREFUSED' })),
      ...(lastKnown === undefined ? {} : { lastKnown }),
    })
    const earlier = await captureInventory(options([fakePve({ id: 'old', version: '9.1.4' }).cluster]))
    const known = clusterOf(earlier, 'old')
    const asked: string[] = []
    const snapshot = await captureInventory(
      options([
        down('empty'),
        down('known', () => {
          asked.push('known')
          return Promise.resolve({
            at: '2026-11-30T12:00:00.000Z',
            source: 'inventory-snapshot',
            cluster: known,
          })
        }),
        fakePve({ id: 'live', version: '9.1.4' }).cluster,
      ]),
    )
    expect(asked).toEqual(['known'])
    const empty = clusterOf(snapshot, 'empty')
    expect(empty).toEqual({
      id: 'empty',
      name: 'empty',
      sites: {},
      defaultSite: 'empty',
      reach: 'unreachable',
      nodes: [],
      guests: [],
      storage: {},
      backups: { archives: [] },
      replication: { state: [] },
      ha: {},
      firewall: {},
      access: {},
    })
    const last = clusterOf(snapshot, 'known')
    expect(last.reach).toBe('unreachable')
    expect(last.lastKnown).toEqual({ at: '2026-11-30T12:00:00.000Z', source: 'inventory-snapshot' })
    expect(last.id).toBe('known')
    expect(last.guests).toEqual(known.guests)
    expect(clusterOf(snapshot, 'live').reach).toBe('partial')
    expect(snapshot.issues.filter((i) => i.path === '/version').map((i) => [i.clusterId, i.code])).toEqual([
      ['empty', 'unreachable'],
      ['known', 'unreachable'],
    ])
    expect(SnapshotSchema.safeParse(snapshot).success).toBe(true)
  })

  it('keeps at most concurrencyPerCluster requests in flight on each cluster, the clusters in parallel', async () => {
    const a = fakePve({ id: 'a', version: '9.1.4', delayMs: 2 })
    const b = fakePve({ id: 'b', version: '9.1.4', delayMs: 2 })
    let bothRunning = false
    const probe = setInterval(() => {
      if (a.inFlight > 0 && b.inFlight > 0) bothRunning = true
    }, 1)
    try {
      await captureInventory(options([a.cluster, b.cluster], { concurrencyPerCluster: 3 }))
    } finally {
      clearInterval(probe)
    }
    expect(a.maxInFlight).toBe(3)
    expect(b.maxInFlight).toBe(3)
    expect(bothRunning).toBe(true)
    const c = fakePve({ id: 'c', version: '9.1.4', delayMs: 2 })
    await captureInventory(options([c.cluster]))
    expect(c.maxInFlight).toBe(6)
  })

  it('cancels: requests in flight aborted, none started after, rejects cancelled, no timer left', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const ace = fakePve({ id: 'ace', version: '9.1.4', delayMs: 5 })
    const controller = new AbortController()
    const events: ProgressEvent[] = []
    let callsAtAbort = -1
    let open: FakeCall[] = []
    const original = ace.cluster.get
    ace.cluster.get = (path, params, signal) => {
      const answer = original(path, params, signal)
      if (ace.calls.length === 21) {
        callsAtAbort = 21
        open = ace.calls.filter((c) => !c.settled)
        controller.abort()
      }
      return answer
    }
    const capture = captureInventory(
      options([ace.cluster], { signal: controller.signal, onProgress: (p) => events.push(p) }),
    )
    await expect(capture).rejects.toMatchObject({ code: 'cancelled' })
    expect(callsAtAbort).toBe(21)
    // No request after the abort; those in flight then were aborted, and none still runs.
    expect(ace.calls.length).toBe(21)
    expect(open.length).toBeGreaterThan(1)
    expect(open.every((c) => c.signal?.aborted === true)).toBe(true)
    expect(ace.inFlight).toBe(0)
    expect(timers()).toBeLessThanOrEqual(before)
    const last = events[events.length - 1]
    expect(last?.clusters[0]?.state).toBe('cancelled')
    const count = events.length
    await new Promise((r) => setTimeout(r, 30))
    expect(ace.calls.length).toBe(21)
    expect(events.length).toBe(count)
  })

  it('refuses to start when the signal has already aborted', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    await expect(
      captureInventory(options([ace.cluster], { signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({ code: 'cancelled' })
    expect(ace.calls).toEqual([])
  })

  it('reports progress per cluster as the plan grows, the last event complete', async () => {
    const events: ProgressEvent[] = []
    await captureInventory(
      options(
        [
          fakePve({ id: 'a', version: '9.1.4', delayMs: 1 }).cluster,
          fakePve({ id: 'b', version: '8.4.1', delayMs: 1 }).cluster,
        ],
        {
          onProgress: (p) => events.push(p),
        },
      ),
    )
    const last = events[events.length - 1]
    expect(last?.clusters.map((c) => [c.clusterId, c.state])).toEqual([
      ['a', 'partial'],
      ['b', 'partial'],
    ])
    expect(last?.done).toBe(last?.total)
    // Totals only grow; done never passes total.
    for (let i = 1; i < events.length; i++)
      expect(events[i]?.total ?? 0).toBeGreaterThanOrEqual(events[i - 1]?.total ?? 0)
    for (const e of events) expect(e.done).toBeLessThanOrEqual(e.total)
  })

  it('keeps a hostile answer from breaking the inventory snapshot: odd numbers, __proto__', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const hostile: unknown = JSON.parse(`{"kversion":"x","load":1e999,"__proto__":{"polluted":1}}`)
    ace.override('/nodes/n1/status', hostile)
    const snapshot = await captureInventory(options([ace.cluster]))
    const status = clusterOf(snapshot, 'ace').nodes[0]?.nodeStatus
    expect(status?.kversion).toBe('x')
    expect(status).not.toHaveProperty('load')
    expect(Object.getPrototypeOf(status)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(SnapshotSchema.safeParse(snapshot).success).toBe(true)
  })

  it('writes a lone surrogate from a server as U+FFFD, so that the file can still be written', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    // Valid JSON text, but no canonical JSON (I-JSON) writer may write it: it would cost the whole file.
    ace.override('/nodes/n1/status', JSON.parse('{"kversion":"6.8\\ud800","\\udc00x":1}'))
    const snapshot = await captureInventory(options([ace.cluster]))
    const status = clusterOf(snapshot, 'ace').nodes.find((n) => n.node === 'n1')?.nodeStatus
    expect(status?.kversion).toBe('6.8\ufffd')
    expect(status?.['\ufffdx']).toBe(1)
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-surrogate-'))
    try {
      const path = join(dir, 'surrogate.zip')
      await writeInventoryFile(path, snapshot, await loadSigningKey(new MemorySigningKeyStore(), 'desk01'))
      const read = await readInventoryFile({ path })
      expect(read.snapshot.clusters[0]?.nodes.find((n) => n.node === 'n1')?.nodeStatus?.kversion).toBe(
        '6.8\ufffd',
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses an answer nested 6000 levels deep as bad_response, and the file is still written', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const bob = fakePve({ id: 'bob', version: '8.4.1' })
    // As the HTTP client hands it over: JSON.parse of `{"search":[[[…]]]}`.
    ace.override('/nodes/n1/dns', JSON.parse(`{"search":${'['.repeat(6000)}${']'.repeat(6000)}}`))
    const snapshot = await captureInventory(options([ace.cluster, bob.cluster]))
    const n1 = clusterOf(snapshot, 'ace').nodes.find((n) => n.node === 'n1')
    expect(n1).not.toHaveProperty('dns')
    expect(n1?.nodeStatus).toBeDefined()
    expect(clusterOf(snapshot, 'ace').reach).toBe('partial')
    expect(snapshot.issues.find((i) => i.path === '/nodes/n1/dns')).toMatchObject({
      clusterId: 'ace',
      node: 'n1',
      code: 'bad_response',
      message: `nested more than ${MAX_DEPTH} levels deep: not kept`,
    })
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-deep-'))
    try {
      const path = join(dir, 'deep.zip')
      await writeInventoryFile(path, snapshot, await loadSigningKey(new MemorySigningKeyStore(), 'desk01'))
      const read = await readInventoryFile({ path })
      expect(read.snapshot.clusters.map((c) => [c.id, c.reach])).toEqual([
        ['ace', 'partial'],
        ['bob', 'partial'],
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('writes a file in which no secret planted in answers of every kind survives, at any depth', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const planted = (kind: string): string => `PLANTED-${kind}-7f3a`
    ace.override('/cluster/status', [
      { type: 'cluster', name: 'ace-cluster', id: 'cluster', ticket: planted('status') },
      { type: 'node', name: 'n1', online: 1, id: 'node/n1' },
    ])
    ace.override('/cluster/backup', [{ id: 'b1', storage: 'nfs', 'notify-password': planted('backup') }])
    ace.override('/cluster/replication', [{ id: '101-0', options: { credential: planted('replication') } }])
    ace.override('/cluster/ha/resources', [{ sid: 'vm:101', hook: { secret: planted('ha') } }])
    ace.override('/cluster/firewall/options', { enable: 1, 'api-token': planted('firewall') })
    ace.override('/access/domains', [{ realm: 'oidc', type: 'openid', 'client-key': planted('realm') }])
    ace.override('/pools/prod', { comment: 'p', members: [{ id: 'qemu/101', privkey: planted('pool') }] })
    ace.override('/nodes/n1/status', { kversion: 'Linux', cpuinfo: { CSRFPreventionToken: planted('node') } })
    ace.override('/nodes/n1/dns', { search: 'example.org', Password: planted('dns') })
    ace.override('/nodes/n1/qemu/101/agent/get-osinfo', {
      result: { id: 'debian', 'private-key': planted('agent') },
    })
    ace.override('/nodes/n1/qemu/104/pending', [
      { key: 'name', value: 'app01' },
      { key: 'args', value: `-spice port=5930,password=${planted('args')}` },
    ])
    ace.override('/nodes/n1/lxc/102/pending', [
      { key: 'hostname', value: 'dns01' },
      { key: 'lxc', value: [['lxc.environment', `DB_PASSWORD=${planted('lxc')}`]] },
      { key: 'description', value: `-----BEGIN PRIVATE KEY-----\n${planted('pem')}` },
    ])
    const snapshot = await captureInventory(options([ace.cluster]))
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-planted-'))
    try {
      const path = join(dir, 'planted.zip')
      await writeInventoryFile(path, snapshot, await loadSigningKey(new MemorySigningKeyStore(), 'desk01'))
      const written = canonicalJson((await readInventoryFile({ path })).snapshot)
      expect(written).not.toContain('PLANTED-')
      // Redacted where they were, the rest of each answer kept.
      const ace1 = clusterOf(snapshot, 'ace')
      expect(ace1.backups.jobs).toEqual([{ id: 'b1', storage: 'nfs', 'notify-password': REDACTED }])
      expect(ace1.access.realms).toEqual([{ realm: 'oidc', type: 'openid', 'client-key': REDACTED }])
      expect(ace1.guests.find((g) => g.vmid === 104)?.config?.args).toBe(
        `-spice port=5930,password=${REDACTED}`,
      )
      expect(ace1.guests.find((g) => g.vmid === 102)?.config?.lxc).toEqual([
        ['lxc.environment', `DB_PASSWORD=${REDACTED}`],
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('skips the rest of a node listed online that does not answer, after 3 timeouts in a row, with one issue', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const n1Calls: string[] = []
    const get = ace.cluster.get
    const cluster: CaptureCluster = {
      ...ace.cluster,
      get: (path, params, signal) => {
        if (!path.startsWith('/nodes/n1/')) return get(path, params, signal)
        n1Calls.push(path)
        return Promise.reject(
          new AppError({ code: 'timeout', clusterId: 'ace', message: 'no answer in 30 s' }),
        )
      },
    }
    const snapshot = await captureInventory(options([cluster], { concurrencyPerCluster: 1 }))
    // 12 node calls and 3 guest configs planned: 3 made, the other 12 not.
    expect(n1Calls).toHaveLength(NODE_FAILURES_BEFORE_SKIP)
    const n1Issues = snapshot.issues.filter((i) => i.node === 'n1')
    expect(n1Issues.filter((i) => i.code === 'timeout')).toHaveLength(NODE_FAILURES_BEFORE_SKIP)
    expect(n1Issues.filter((i) => i.code !== 'timeout')).toEqual([
      {
        clusterId: 'ace',
        node: 'n1',
        path: '/nodes/n1',
        code: 'unreachable',
        message: 'node n1 did not answer 3 calls in a row: its other 12 calls were not made',
      },
    ])
    const c = clusterOf(snapshot, 'ace')
    expect(c.reach).toBe('partial')
    expect(c.guests.map((g) => [g.vmid, g.config === undefined])).toEqual([
      [101, true],
      [102, true],
      [103, true],
      [104, true],
    ])
    // The cluster-wide calls all went on.
    expect(c.backups.jobs).toBeDefined()
    expect(c.access.users).toBeDefined()
  })

  it('does not skip a node because guest agents time out (a hung agent on a node that answers)', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const hung = new AppError({ code: 'timeout', clusterId: 'ace', message: 'no answer in 30 s' })
    for (const call of ['get-osinfo', 'get-host-name', 'network-get-interfaces'])
      ace.override(`/nodes/n1/qemu/101/agent/${call}`, hung)
    const snapshot = await captureInventory(options([ace.cluster], { concurrencyPerCluster: 1 }))
    expect(snapshot.issues.filter((i) => i.path === '/nodes/n1')).toEqual([])
    expect(clusterOf(snapshot, 'ace').nodes.find((n) => n.node === 'n1')?.dns).toBeDefined()
  })

  it('captures at most MAX_GUESTS guests of a cluster (by vmid), the others never queued, with an issue', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    const many = Array.from({ length: MAX_GUESTS }, (_, i) => ({
      id: `qemu/${1000 + i}`,
      type: 'qemu',
      vmid: 1000 + i,
      node: 'n2',
    }))
    const cut = [1, 2, 3].map((i) => ({
      id: `qemu/${900000 + i}`,
      type: 'qemu',
      vmid: 900000 + i,
      node: 'n1',
    }))
    ace.override('/cluster/resources', [
      { id: 'node/n1', type: 'node', node: 'n1', status: 'online' },
      { id: 'node/n2', type: 'node', node: 'n2', status: 'offline' },
      ...many,
      ...cut,
    ])
    const snapshot = await captureInventory(options([ace.cluster]))
    const c = clusterOf(snapshot, 'ace')
    expect(c.guests).toHaveLength(MAX_GUESTS)
    expect(c.guests.at(-1)?.vmid).toBe(1000 + MAX_GUESTS - 1)
    expect(ace.calls.filter((call) => call.path.startsWith('/nodes/n1/qemu/9000'))).toEqual([])
    expect(snapshot.issues.find((i) => i.path === '/cluster/resources')).toMatchObject({
      code: 'bad_response',
      message: `${MAX_GUESTS + 3} guests: the first ${MAX_GUESTS} by vmid only were captured`,
    })
  })

  it('asks the details of at most MAX_DETAILS IP sets (pools, groups) of a list a hostile server made huge', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    ace.override(
      '/cluster/firewall/ipset',
      Array.from({ length: MAX_DETAILS + 500 }, (_, i) => ({ name: `set${String(i).padStart(5, '0')}` })),
    )
    const snapshot = await captureInventory(options([ace.cluster]))
    const asked = ace.calls.filter((c) => c.path.startsWith('/cluster/firewall/ipset/'))
    expect(asked).toHaveLength(MAX_DETAILS)
    expect(clusterOf(snapshot, 'ace').firewall.ipsets).toHaveLength(MAX_DETAILS)
    expect(snapshot.issues.find((i) => i.path === '/cluster/firewall/ipset')).toMatchObject({
      code: 'bad_response',
      message: `${MAX_DETAILS + 500} entries: the details of the first ${MAX_DETAILS} only were asked`,
    })
  })
})
