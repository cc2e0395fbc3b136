import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'
import yauzl from 'yauzl'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { defaultSiteOf } from '../../src/main/clusters/cluster-config'
import { captureInventory } from '../../src/main/inventory/capture/capture-inventory'
import type { CaptureCluster, CaptureOptions } from '../../src/main/inventory/capture/capture-types'
import { canonicalJson } from '../../src/main/inventory/file/canonical-json'
import { readInventoryFile, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { PveClient } from '../../src/main/pve/pve-client'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { toDisposable } from '../../src/shared/lifecycle'
import type { InventoryCluster, InventorySnapshot } from '../../src/shared/model/inventory-snapshot'
import { InventorySnapshot as SnapshotSchema, REDACTED } from '../../src/shared/model/inventory-snapshot'
import { useSimulatorFleet } from '../support/simulator-fleet'

// Issue 9: an inventory snapshot of the three-site demo, by the real capture over real HTTPS, with a node down,
// a cluster down, a cancel, and the written file scanned for every secret the simulator knows.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

function captureCluster(config: ClusterConfig): CaptureCluster {
  const client = new PveClient(config.id, config.endpoints, fleet.credentials, { timeoutMs: 5_000 })
  fleet.disposables.add(client)
  return {
    id: config.id,
    name: config.name,
    sites: config.sites,
    defaultSite: defaultSiteOf(config),
    get: (path, params, signal) => client.call('GET', path, params, signal),
  }
}

const capture = (more: Partial<CaptureOptions> = {}, clusters = fleet.configs): Promise<InventorySnapshot> =>
  captureInventory({
    clusters: clusters.map(captureCluster),
    trigger: 'manual',
    appVersion: '0.0.0-test',
    takenBy: { user: 'tester', host: 'ci' },
    consoleSessions: [],
    ...more,
  })

const clusterOf = (s: InventorySnapshot, id: string): InventoryCluster => {
  const found = s.clusters.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no cluster ${id}`)
  return found
}

/** API paths the simulator received since `from` (without `/api2/json` and the query). */
const apiPaths = (from = 0): string[] =>
  fleet.sim.requests.slice(from).map((r) => r.path.replace(/^\/api2\/json/, '').split('?')[0] ?? '')

/** Every member of a ZIP, inflated. */
function zipMembers(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error !== null) {
        reject(error)
        return
      }
      const members = new Map<string, Buffer>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e !== null) {
            reject(e)
            return
          }
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            members.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(members))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

describe('inventory capture of the three-site demo', () => {
  it('captures everything but a stopped node, which is in the issues with its guests left bare', async () => {
    await fleet.sim.stopNode('vitib-pve1')
    const from = fleet.sim.requests.length
    const snapshot = await capture()
    expect(SnapshotSchema.parse(snapshot)).toEqual(snapshot)

    const ace = clusterOf(snapshot, 'ace-prod')
    const yakro = clusterOf(snapshot, 'yakro-pve1')
    expect(snapshot.clusters.map((c) => c.id)).toEqual(['ace-prod', 'yakro-pve1'])
    expect(ace.reach).toBe('partial')
    expect(ace.nodes.map((n) => [n.node, n.site, n.status])).toEqual([
      ['km4-pve1', 'Km4', 'online'],
      ['km4-pve2', 'Km4', 'online'],
      ['vitib-pve1', 'VITIB', 'offline'],
    ])
    const vitib = ace.nodes[2]
    expect(vitib?.nodeStatus).toBeUndefined()
    expect(ace.nodes[0]?.packages?.length).toBeGreaterThan(5)
    expect(ace.nodes[0]?.certificates?.length).toBeGreaterThan(0)
    expect(ace.nodes[0]?.network?.length).toBeGreaterThan(0)
    const onVitib = ace.guests.filter((g) => g.node === 'vitib-pve1')
    expect(onVitib.length).toBeGreaterThan(0)
    for (const g of onVitib) expect(g.config).toBeUndefined()
    for (const g of ace.guests.filter((g) => g.node !== 'vitib-pve1')) expect(g.config).toBeDefined()
    // The stopped node: one issue, and no request was sent to it or proxied for it.
    const aceIssues = snapshot.issues.filter((i) => i.clusterId === 'ace-prod')
    expect(aceIssues.filter((i) => i.node === 'vitib-pve1').map((i) => [i.path, i.code])).toEqual([
      ['/nodes/vitib-pve1', 'unreachable'],
    ])
    expect(apiPaths(from).filter((p) => p.startsWith('/nodes/vitib-pve1'))).toEqual([])
    expect(fleet.sim.requests.slice(from).filter((r) => r.node === 'vitib-pve1')).toEqual([])
    // The rest is complete: only the calls that fail on a healthy cluster too (a guest agent not answering).
    expect(aceIssues.filter((i) => i.node !== 'vitib-pve1' && !i.path.includes('/agent/'))).toEqual([])
    expect(
      snapshot.issues.filter((i) => i.clusterId === 'yakro-pve1' && !i.path.includes('/agent/')),
    ).toEqual([])
    expect(yakro.reach === 'captured' || yakro.reach === 'partial').toBe(true)
    expect(yakro.ha.groups).toBeDefined()
    expect(ace.ha.rules).toBeDefined()
    expect(ace.clusterName).toBe('ace-prod')
    expect(ace.access.users?.some((u) => Array.isArray(u.tokens) && u.tokens.length > 0)).toBe(true)
    expect(yakro.backups.archives.some((a) => a.storage === 'pbs-yakro' && a.entries.length > 0)).toBe(true)
    expect(ace.pools?.map((p) => p.poolid)).toEqual(['infra', 'naorlo-prod', 'naorlo-test'])
  })

  it('captures less for a user with less rights, and says so: each refused call is a forbidden issue', async () => {
    const naorlo = fleet.sim.info.clusters
      .find((c) => c.id === 'ace-prod')
      ?.users.find((u) => u.username === 'naorlo@pve')
    if (naorlo === undefined) throw new Error('no naorlo@pve in the scenario')
    const root = fleet.sim.info.clusters.find((c) => c.id === 'ace-prod')?.login
    if (root === undefined) throw new Error('no root login')
    fleet.credentials.set('ace-prod', {
      kind: 'password',
      username: naorlo.username,
      password: naorlo.password,
    })
    fleet.disposables.add(
      toDisposable(() =>
        fleet.credentials.set('ace-prod', {
          kind: 'password',
          username: root.username,
          password: root.password,
        }),
      ),
    )
    const snapshot = await capture({}, [fleet.config('ace-prod')])
    const ace = clusterOf(snapshot, 'ace-prod')
    expect(ace.reach).toBe('partial')
    const forbidden = snapshot.issues.filter((i) => i.code === 'forbidden')
    expect(forbidden.length).toBeGreaterThan(0)
    for (const i of forbidden) expect(i.message).toMatch(/Permission check failed/)
    // What it may see is there: the guests of its pools, with their config.
    expect(ace.guests.length).toBeGreaterThan(0)
    expect(ace.guests.every((g) => g.name.startsWith('naorlo-'))).toBe(true)
    expect(ace.guests.filter((g) => g.config !== undefined).length).toBeGreaterThan(0)
    // Refused parts are absent, with their issue.
    expect(forbidden.map((i) => i.path)).toEqual(
      expect.arrayContaining(['/cluster/status', '/cluster/backup', '/nodes/km4-pve1/status']),
    )
    expect(ace.status).toBeUndefined()
    expect(ace.backups.jobs).toBeUndefined()
    expect(ace.nodes.find((n) => n.node === 'km4-pve1')?.nodeStatus).toBeUndefined()
  })

  it('asks one /cluster/resources per cluster, never a guest config or a per-user token list', async () => {
    const from = fleet.sim.requests.length
    const snapshot = await capture()
    const clusterOfNode = new Map(
      fleet.sim.info.clusters.flatMap((c) => c.endpoints.map((e) => [e.node, c.id] as const)),
    )
    const requests = fleet.sim.requests.slice(from)
    const resources = requests.filter((r) => r.path.startsWith('/api2/json/cluster/resources'))
    expect(resources.map((r) => clusterOfNode.get(r.node)).sort()).toEqual(['ace-prod', 'yakro-pve1'])
    const paths = apiPaths(from)
    expect(paths.filter((p) => /\/(qemu|lxc)\/\d+\/config$/.test(p))).toEqual([])
    expect(paths.filter((p) => /^\/access\/users\/[^/]+\/token/.test(p))).toEqual([])
    expect(requests.filter((r) => r.path.startsWith('/api2/json/access/users?')).map((r) => r.path)).toEqual([
      '/api2/json/access/users?full=1',
      '/api2/json/access/users?full=1',
    ])
    // Each guest's pending exactly once (every node is up).
    const pending = paths.filter((p) => p.endsWith('/pending'))
    expect(new Set(pending).size).toBe(pending.length)
    expect(pending.length).toBe(snapshot.clusters.reduce((n, c) => n + c.guests.length, 0))
  })

  it('marks a cluster whose nodes are all down unreachable, with its last-known data when given', async () => {
    const earlier = await capture({}, [fleet.config('yakro-pve1')])
    const known = clusterOf(earlier, 'yakro-pve1')
    await fleet.sim.stopNode('yakro-pve1')
    const yakro = captureCluster(fleet.config('yakro-pve1'))
    const snapshot = await captureInventory({
      clusters: [
        {
          ...yakro,
          lastKnown: () => Promise.resolve({ at: earlier.meta.takenAt, source: 'live', cluster: known }),
        },
        captureCluster(fleet.config('ace-prod')),
      ],
      trigger: 'manual',
      appVersion: '0.0.0-test',
      takenBy: { user: 'tester', host: 'ci' },
      consoleSessions: [],
    })
    const down = clusterOf(snapshot, 'yakro-pve1')
    expect(down.reach).toBe('unreachable')
    expect(down.lastKnown).toEqual({ at: earlier.meta.takenAt, source: 'live' })
    expect(down.guests.map((g) => g.vmid)).toEqual(known.guests.map((g) => g.vmid))
    expect(snapshot.issues.filter((i) => i.clusterId === 'yakro-pve1').map((i) => [i.path, i.code])).toEqual([
      ['/version', 'unreachable'],
    ])
    expect(clusterOf(snapshot, 'ace-prod').reach).not.toBe('unreachable')

    const bare = await capture({}, [fleet.config('yakro-pve1')])
    expect(clusterOf(bare, 'yakro-pve1')).toMatchObject({ reach: 'unreachable', nodes: [], guests: [] })
    expect(clusterOf(bare, 'yakro-pve1').lastKnown).toBeUndefined()
  })

  it('cancels mid-way: rejects cancelled, no call starts after it, nothing keeps reaching the simulator', async () => {
    const controller = new AbortController()
    // Cancelled right after the 40th call of ace-prod (counted, not timed); yakro-pve1 runs alongside.
    let calls = 0
    let startedAfter = 0
    let abortedAt = -1
    const counting = (cluster: CaptureCluster, trigger: boolean): CaptureCluster => ({
      ...cluster,
      get: (path, params, signal) => {
        if (controller.signal.aborted) startedAfter++
        const answer = cluster.get(path, params, signal)
        if (trigger && ++calls === 40) {
          abortedAt = fleet.sim.requests.length
          controller.abort()
        }
        return answer
      },
    })
    const from = fleet.sim.requests.length
    const running = captureInventory({
      clusters: [
        counting(captureCluster(fleet.config('ace-prod')), true),
        counting(captureCluster(fleet.config('yakro-pve1')), false),
      ],
      trigger: 'manual',
      appVersion: '0.0.0-test',
      takenBy: { user: 'tester', host: 'ci' },
      consoleSessions: [],
      signal: controller.signal,
    })
    await expect(running).rejects.toMatchObject({ code: 'cancelled' })
    expect(startedAfter).toBe(0)
    expect(abortedAt - from).toBeGreaterThan(30)
    // What was in flight at the abort (at most 6 per cluster, and a login under way) may still reach a node
    // after the promise settled; nothing else does, then or later (a whole capture is over 150 requests).
    await new Promise((r) => setTimeout(r, 300))
    const settled = fleet.sim.requests.length
    expect(settled - abortedAt).toBeLessThanOrEqual(13)
    await new Promise((r) => setTimeout(r, 300))
    expect(fleet.sim.requests.length).toBe(settled)
  })

  it('writes a file in which no secret of the simulator survives, and redacted values where secrets were', async () => {
    const snapshot = await capture()
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-inventory-'))
    fleet.disposables.add(toDisposable(() => rmSync(dir, { recursive: true, force: true })))
    const path = join(dir, 'audit.zip')
    const key = await loadSigningKey(new MemorySigningKeyStore(), 'ci')
    await writeInventoryFile(path, snapshot, key)

    const members = await zipMembers(path)
    expect([...members.keys()]).toEqual([
      'manifest.json',
      'inventory.json',
      'inventory.json.sig',
      'README.txt',
    ])
    const secrets = fleet.sim.secretValues()
    expect(secrets.length).toBeGreaterThan(10)
    for (const [name, bytes] of members) {
      const text = bytes.toString('utf8')
      const found = secrets.filter((s) => text.includes(s))
      expect(found, `secrets in ${name}`).toEqual([])
    }
    const content = members.get('inventory.json')?.toString('utf8') ?? ''
    expect(content).toBe(canonicalJson((await readInventoryFile({ path })).snapshot))
    // Where the simulator keeps secrets, the file says (redacted).
    const guests = snapshot.clusters.flatMap((c) => c.guests)
    const withCiPassword = guests.filter((g) => g.config?.cipassword !== undefined)
    expect(withCiPassword.length).toBeGreaterThan(0)
    for (const g of withCiPassword) expect(g.config?.cipassword).toBe(REDACTED)
    const withKeys = guests.filter((g) => typeof g.config?.sshkeys === 'string')
    for (const g of withKeys)
      expect(g.config?.sshkeys).toMatch(/^(\S+ SHA256:[A-Za-z0-9+/]{43}( .*)?|\(redacted\))(\n|$)/)
    const subscriptions = snapshot.clusters.flatMap((c) => c.nodes.map((n) => n.subscription))
    expect(subscriptions.some((s) => s?.key === REDACTED)).toBe(true)
    expect(content).toContain(JSON.stringify(REDACTED))
  })
})
