import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { defaultDrTargets, type DrReport } from '../model/dr'
import type { InventoryCluster, JsonValue, PveObject } from '../model/inventory-snapshot'
import { alertsBetween } from './alerts'
import { backup, drCluster, NOW, replication, vm } from './dr-cluster.testing'
import { evaluateDr } from './evaluate'
import { levelOf } from './guest-flags'

const report = (cluster: InventoryCluster, now = NOW): DrReport =>
  evaluateDr({ clusters: [cluster], targets: defaultDrTargets(), now })
const site = (r: DrReport, name: string): DrReport['sites'][number] | undefined =>
  r.sites.find((s) => s.site === name)
const storage = (storageId: string, node: string, disk: number, extra: PveObject = {}): PveObject => ({
  type: 'storage',
  id: `storage/${node}/${storageId}`,
  storage: storageId,
  node,
  disk,
  maxdisk: 1000,
  ...extra,
})

describe('site health', () => {
  it('is green with everything up', () => {
    const r = report(drCluster())
    expect(r.sites.map((s) => [s.site, s.level])).toEqual([
      ['Abidjan', 'green'],
      ['Yamoussoukro', 'green'],
    ])
    expect(site(r, 'Abidjan')?.clusters[0]).toMatchObject({
      quorate: true,
      votes: 2,
      expectedVotes: 2,
      reach: 'live',
    })
  })

  it('is red when the quorum is lost or a node is down', () => {
    const c = drCluster()
    c.status = [
      { type: 'cluster', name: 'prod', quorate: 0, nodes: 2 },
      { type: 'node', name: 'pve1', online: 1 },
      { type: 'node', name: 'pve2', online: 0 },
    ]
    const r = report(c)
    expect(site(r, 'Abidjan')?.problems.map((p) => p.code)).toEqual(['quorum-lost'])
    expect(site(r, 'Yamoussoukro')?.problems.map((p) => p.code)).toEqual(['quorum-lost', 'node-down'])
    expect(site(r, 'Abidjan')?.level).toBe('red')
  })

  it('a storage at 97.5 % is critical (red), at 90 % a warning (amber); a shared one counts once', () => {
    const r = report(
      drCluster({
        resources: [
          storage('local', 'pve1', 975),
          storage('local', 'pve2', 900),
          storage('nfs', 'pve1', 100, { shared: 1 }),
          storage('nfs', 'pve2', 100, { shared: 1 }),
        ],
      }),
    )
    expect(site(r, 'Abidjan')?.level).toBe('red')
    expect(site(r, 'Abidjan')?.storage.map((s) => [s.storage, s.level])).toEqual([
      ['local', 'critical'],
      ['nfs', 'ok'],
    ])
    expect(site(r, 'Yamoussoukro')?.problems).toEqual([
      {
        code: 'storage-warning',
        level: 'amber',
        params: { cluster: 'c1', storage: 'local', node: 'pve2', usedPercent: 90 },
      },
    ])
  })

  it('a certificate within 30 days, an inactive subscription and mixed versions are amber', () => {
    const c = drCluster()
    c.nodes = [
      {
        node: 'pve1',
        site: 'Abidjan',
        status: 'online',
        version: { version: '9.1.4' },
        certificates: [
          { filename: 'pveproxy-ssl.pem', notafter: NOW + 10 * 86_400 },
          { filename: 'pve-ssl.pem', notafter: NOW + 400 * 86_400 },
        ],
        subscription: { status: 'notfound' },
      },
      {
        node: 'pve1b',
        site: 'Abidjan',
        status: 'online',
        nodeStatus: { pveversion: 'pve-manager/8.4.1/abc' },
      },
    ]
    c.sites = { pve1: 'Abidjan', pve1b: 'Abidjan' }
    const s = site(report(c), 'Abidjan')
    expect(s?.level).toBe('amber')
    expect(s?.certificates).toEqual([
      {
        clusterId: 'c1',
        node: 'pve1',
        filename: 'pveproxy-ssl.pem',
        notAfter: NOW + 10 * 86_400,
        daysLeft: 10,
      },
    ])
    expect(s?.problems.map((p) => p.code)).toEqual([
      'certificate-expiring',
      'subscription-inactive',
      'mixed-versions',
    ])
  })

  it('is red without contact, and stale', () => {
    const s = site(report(drCluster({ reach: 'unreachable' })), 'Abidjan')
    expect(s?.problems.map((p) => p.code)).toContain('no-contact')
    expect(s?.stale).toBe(true)
  })
})

describe('alertsBetween', () => {
  const good = drCluster({
    resources: [vm(101, { tags: 'prod' })],
    backups: {
      archives: [{ node: 'pve1', storage: 'local', entries: [backup(101, 3600)] }],
      jobs: [],
      notBackedUp: [],
    },
    ...replication(101, 600),
  })
  const bad = drCluster({
    ...good,
    ...replication(101, 3600, { fail_count: 1, error: 'zfs' }),
    status: [{ type: 'cluster', quorate: 0, nodes: 2 }],
  })

  it('raises what turned bad with a stable id, and clears it when it recovers', () => {
    const raised = alertsBetween(report(good), report(bad, NOW + 60))
    expect(raised.map((a) => `${a.phase} ${a.kind} ${a.subject}`).sort()).toEqual([
      'raised quorum-lost c1',
      'raised replica-lag vm 101 (vm101)',
      'raised replication-failed vm 101 (vm101)',
    ])
    expect(raised.find((a) => a.kind === 'replica-lag')).toMatchObject({
      id: `replica-lag:c1:vm 101 (vm101):${NOW + 60}`,
      at: NOW + 60,
      vmid: 101,
      site: 'Abidjan',
    })
    const cleared = alertsBetween(report(bad, NOW + 60), report(good, NOW + 120))
    expect(cleared.every((a) => a.phase === 'cleared')).toBe(true)
    expect(cleared).toHaveLength(3)
  })

  it('the first report raises what is bad in it and clears nothing', () => {
    expect(alertsBetween(undefined, report(good))).toEqual([])
    expect(alertsBetween(undefined, report(bad)).every((a) => a.phase === 'raised')).toBe(true)
  })
})

describe('evaluateDr on hostile lists', () => {
  const json: fc.Arbitrary<JsonValue> = fc.jsonValue() as fc.Arbitrary<JsonValue>
  const entry: fc.Arbitrary<PveObject> = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'type',
        'vmid',
        'node',
        'id',
        'tags',
        'status',
        'storage',
        'disk',
        'maxdisk',
        'shared',
        'guest',
        'last_sync',
        'fail_count',
        'error',
        'sid',
        'state',
        'ctime',
        'volid',
        'verification',
        'endtime',
        'starttime',
        'quorate',
        'online',
        'name',
        'template',
        'pool',
        'all',
        'exclude',
        'enabled',
        'notafter',
      ),
      json,
    ),
    fc.record({
      type: fc.constantFrom('qemu', 'lxc', 'vzdump', 'storage', 'service', 'cluster', 'node'),
      vmid: json,
      id: json,
      node: json,
      tags: json,
      status: json,
    }),
  )
  const list = fc.array(entry, { maxLength: 8 })

  it('never throws, and every row is as bad as its worst flag', () => {
    fc.assert(
      fc.property(list, list, list, list, list, list, (resources, jobs, state, archives, tasks, status) => {
        const c = drCluster({
          resources: [...resources, vm(101, { tags: 'prod' })],
          status,
          tasks,
          replication: { jobs, state: [{ node: 'pve1', entries: state }] },
          backups: {
            archives: [{ node: 'pve1', storage: 'pbs-yakro', entries: archives }],
            jobs,
            notBackedUp: state,
          },
          ha: { status: resources, resources: jobs, rules: state, managerStatus: {} },
        })
        const r = evaluateDr({ clusters: [c], targets: defaultDrTargets(), now: NOW })
        for (const row of r.guests) {
          if (row.level !== 'none') expect(row.level).toBe(levelOf(row.flags))
          else expect(row.flags).toEqual([])
        }
        expect(r.counts.red + r.counts.amber + r.counts.green + r.counts.none).toBe(r.guests.length)
        alertsBetween(undefined, r)
      }),
      { numRuns: 200 },
    )
  })
})
