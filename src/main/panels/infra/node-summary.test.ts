import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { NodeStatusFacts, NodeSubscription, NodeSummaryPanel } from '../../../shared/model/infra-panels'
import { forbidden, infraAccess, MEGABYTE, untilAborted } from './fake-infra.testing'
import {
  loadAverages,
  nodeStatusFacts,
  nodeSubscription,
  packageVersions,
  readNodeSummary,
} from './node-summary'

const chart = { timeframe: 'hour', cf: 'AVERAGE' } as const
const base = '/nodes/km4-pve1'

const status = {
  cpu: 0.12,
  wait: '0.01',
  loadavg: ['0.52', '0.61', '0.70'],
  cpuinfo: { model: 'AMD EPYC 7313', cpus: 32, sockets: 1 },
  memory: { used: 100, total: 400 },
  swap: { used: 0, total: 8 },
  rootfs: { used: 5, total: 50 },
  uptime: 3600,
  kversion: 'Linux 6.17.2-1-pve #1 SMP',
  pveversion: 'pve-manager/9.1.4/abc',
  'boot-info': { mode: 'efi', secureboot: 1 },
}

describe('node status', () => {
  it('reads PVE’s strings for numbers and its nested figures', () => {
    expect(nodeStatusFacts(status)).toEqual({
      cpu: 0.12,
      wait: 0.01,
      loadavg: [0.52, 0.61, 0.7],
      cpuModel: 'AMD EPYC 7313',
      cpus: 32,
      sockets: 1,
      mem: 100,
      maxmem: 400,
      swap: 0,
      maxswap: 8,
      rootUsed: 5,
      rootTotal: 50,
      uptime: 3600,
      kernel: 'Linux 6.17.2-1-pve #1 SMP',
      pveVersion: 'pve-manager/9.1.4/abc',
      bootMode: 'efi',
      secureBoot: true,
    })
  })

  it('leaves out a load average with junk in it rather than shift the others', () => {
    expect(loadAverages(['0.5', 'lots', '0.7'])).toBeUndefined()
    expect(loadAverages('0.5 0.6 0.7')).toBeUndefined()
    expect(loadAverages(['1', '2', '3', '4'])).toBeUndefined()
    expect(loadAverages([1, '2.5', 3])).toEqual([1, 2.5, 3])
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const read = loadAverages(value)
        if (read !== undefined) {
          expect(read.length).toBeLessThanOrEqual(3)
          expect(read.every(Number.isFinite)).toBe(true)
        }
      }),
    )
  })

  it('reads anything a broken server sends without throwing, bounded, as the schema wants', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(NodeStatusFacts.safeParse(nodeStatusFacts(value)).success).toBe(true)
        expect(NodeStatusFacts.safeParse(nodeStatusFacts({ ...status, cpuinfo: value })).success).toBe(true)
      }),
    )
    const huge = nodeStatusFacts({ ...status, kversion: MEGABYTE, cpuinfo: { model: MEGABYTE } })
    expect(huge.kernel).toHaveLength(512)
    expect(huge.cpuModel).toHaveLength(512)
  })
})

describe('node subscription', () => {
  it('never keeps the key, the server id or the signature', () => {
    const sub = nodeSubscription({
      status: 'active',
      key: 'pve2p-0123456789',
      serverid: 'ABCDEF0123456789',
      signature: 'c2lnbmVk',
      level: 'p',
      productname: 'Proxmox VE Premium',
      nextduedate: '2027-01-01',
      regdate: '2024-01-01 00:00:00',
    })
    expect(sub).toEqual({
      status: 'active',
      level: 'p',
      productName: 'Proxmox VE Premium',
      nextDueDate: '2027-01-01',
      regDate: '2024-01-01 00:00:00',
    })
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (extra) => {
        const read = nodeSubscription({ ...extra, status: 'active', key: 'pve2p-SECRETKEY' })
        expect(JSON.stringify(read)).not.toContain('SECRETKEY')
        expect(NodeSubscription.safeParse(read).success).toBe(true)
      }),
    )
  })

  it('has nothing to show without a status (PVE always sends one)', () => {
    expect(nodeSubscription({ message: 'hello' })).toBeUndefined()
    expect(nodeSubscription('active')).toBeUndefined()
  })
})

describe('package versions', () => {
  it('reads Debian’s capitalised fields and bounds a hostile list', () => {
    expect(
      packageVersions([
        {
          Package: 'pve-manager',
          Version: '9.1.4',
          OldVersion: '9.1.4',
          ManagerVersion: 'pve-manager/9.1.4/x',
        },
        { Version: 'no name' },
        'junk',
      ]),
    ).toEqual([
      {
        package: 'pve-manager',
        version: '9.1.4',
        oldVersion: '9.1.4',
        managerVersion: 'pve-manager/9.1.4/x',
      },
    ])
    expect(packageVersions(Array.from({ length: 1_000_000 }, () => ({ Package: 'p' })))).toHaveLength(2_000)
    expect(packageVersions({ Package: 'not a list' })).toEqual([])
  })
})

describe('readNodeSummary', () => {
  const routes = {
    [`${base}/status`]: status,
    [`${base}/rrddata`]: [{ time: 60, cpu: 0.5 }],
    [`${base}/subscription`]: { status: 'notfound', message: 'There is no subscription key' },
    [`${base}/apt/versions`]: [{ Package: 'proxmox-ve', Version: '9.1.0', RunningKernel: '6.17.2-1-pve' }],
  }

  it('asks the four parts at once, with the chart’s timeframe', async () => {
    const { access, calls } = infraAccess(routes)
    const summary = NodeSummaryPanel.parse(await readNodeSummary(access, 'km4-pve1', chart))
    expect(summary.gaps).toEqual([])
    expect(summary.rrd.series.cpu).toEqual([0.5])
    expect(summary.subscription?.status).toBe('notfound')
    expect(calls.find((c) => c.path.endsWith('/rrddata'))?.params).toEqual({
      timeframe: 'hour',
      cf: 'AVERAGE',
    })
  })

  it('shows what it may when the auditor is refused a part', async () => {
    const { access } = infraAccess({ ...routes, [`${base}/apt/versions`]: forbidden('/nodes/km4-pve1') })
    const summary = await readNodeSummary(access, 'km4-pve1', chart)
    expect(summary.gaps.map((g) => [g.part, g.error.code])).toEqual([['apt/versions', 'forbidden']])
    expect(summary.packages).toEqual([])
    expect(summary.status.cpu).toBe(0.12)
  })

  it('fails with PVE’s refusal when no part reads at all', async () => {
    const { access } = infraAccess({})
    await expect(readNodeSummary(access, 'km4-pve1', chart)).rejects.toMatchObject({ code: 'pve_error' })
  })

  it('ends cancelled, not as a panel of gaps, when the selection moves', async () => {
    const controller = new AbortController()
    const wait = ({ signal }: { signal?: AbortSignal }): Promise<never> => untilAborted(signal)
    const { access, calls } = infraAccess({ ...routes, [`${base}/apt/versions`]: wait })
    const reading = readNodeSummary(access, 'km4-pve1', chart, controller.signal)
    controller.abort()
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' })
    expect(calls.every((c) => c.signal === controller.signal)).toBe(true)
  })
})
