import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  NodeCertificatesPanel,
  NodeDisksPanel,
  NodeStoragePanel,
  SyslogPage,
} from '../../../shared/model/infra-panels'
import { TaskHistoryPanel } from '../../../shared/model/panels'
import { formatUpid } from '../../../shared/upid'
import { forbidden, infraAccess, MEGABYTE } from './fake-infra.testing'
import {
  nodeCertificates,
  nodeDisks,
  nodeStorages,
  readNodeDisks,
  readNodeStorage,
  readNodeSyslog,
  readNodeTasks,
  syslogLines,
} from './node-lists'

const upid = (n: number): string =>
  formatUpid({
    node: 'km4-pve1',
    pid: 1000 + n,
    pstart: 1,
    starttime: 1_700_000_000 + n,
    type: 'qmstart',
    id: '101',
    user: 'root@pam',
  })

describe('node certificates', () => {
  it('reads epoch seconds, also as digits; a notafter in words is no date', () => {
    const [good, words, digits] = nodeCertificates([
      {
        filename: 'pve-ssl.pem',
        notbefore: 1_700_000_000,
        notafter: 1_800_000_000,
        san: ['km4-pve1', '10.10.0.11'],
      },
      { filename: 'pveproxy-ssl.pem', notafter: 'next Tuesday', san: 'a.example b.example' },
      { filename: 'pve-root-ca.pem', notafter: '1800000000', pem: '-----BEGIN CERTIFICATE-----' },
    ])
    expect(good).toMatchObject({
      notBefore: 1_700_000_000,
      notAfter: 1_800_000_000,
      san: ['km4-pve1', '10.10.0.11'],
    })
    expect(words?.notAfter).toBeUndefined()
    expect(words?.san).toEqual(['a.example', 'b.example'])
    expect(digits?.notAfter).toBe(1_800_000_000)
    expect(JSON.stringify(digits)).not.toContain('BEGIN')
  })

  it('never throws and stays within the schema, whatever the rows', () => {
    const row = fc.record(
      {
        filename: fc.oneof(fc.string(), fc.anything()),
        notafter: fc.anything(),
        notbefore: fc.anything(),
        san: fc.anything(),
        fingerprint: fc.anything(),
        'public-key-bits': fc.anything(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.oneof(fc.array(row), fc.anything()), (data) => {
        expect(NodeCertificatesPanel.safeParse({ certificates: nodeCertificates(data) }).success).toBe(true)
      }),
    )
    const many = nodeCertificates(
      Array.from({ length: 100_000 }, () => ({ filename: MEGABYTE, san: [MEGABYTE] })),
    )
    expect(NodeCertificatesPanel.safeParse({ certificates: many }).success).toBe(true)
  })
})

describe('node disks and storages', () => {
  it('reads wearout as the life left, PVE’s N/A as none, sorted by device', () => {
    const disks = nodeDisks([
      { devpath: '/dev/sdb', size: 1e12, health: 'PASSED', wearout: 'N/A', used: 'LVM', gpt: 1 },
      { devpath: '/dev/nvme0n1', wearout: 97, health: 'PASSED', gpt: 0 },
      { devpath: '/dev/sdc', wearout: 1e9 },
      { size: 5 },
    ])
    expect(disks.map((d) => d.devpath)).toEqual(['/dev/nvme0n1', '/dev/sdb', '/dev/sdc'])
    expect(disks[0]).toMatchObject({ wearout: 97, gpt: false })
    expect(disks[1]?.wearout).toBeUndefined()
    expect(disks[2]?.wearout).toBeUndefined()
    expect(
      NodeDisksPanel.safeParse({
        disks: nodeDisks(Array.from({ length: 10_000 }, () => ({ devpath: MEGABYTE }))),
      }).success,
    ).toBe(true)
  })

  it('asks disks/list without partitions, as the panel lists disks', async () => {
    const { access, calls } = infraAccess({ '/nodes/km4-pve1/disks/list': [] })
    await readNodeDisks(access, 'km4-pve1')
    expect(calls[0]?.params).toEqual({ 'include-partitions': 0 })
  })

  it('reads storages: content words, flags, usage; a hostile list bounded', async () => {
    const { access } = infraAccess({
      '/nodes/km4-pve1/storage': [
        {
          storage: 'local-lvm',
          type: 'lvmthin',
          content: 'images,rootdir',
          active: 1,
          enabled: 1,
          used: 10,
          total: 100,
        },
        { storage: 'local', type: 'dir', content: 'iso,vztmpl,backup', active: '1', shared: 0, enabled: 0 },
        { storage: 'nfs', type: 'nfs', shared: 1 },
      ],
    })
    const { storages } = await readNodeStorage(access, 'km4-pve1')
    expect(storages.map((s) => [s.storage, s.enabled, s.active, s.shared])).toEqual([
      ['local', false, true, false],
      ['local-lvm', true, true, false],
      ['nfs', true, false, true],
    ])
    expect(storages[1]?.content).toEqual(['images', 'rootdir'])
    const many = nodeStorages(
      Array.from({ length: 1_000_000 }, (_, i) => ({ storage: `s${i}`, content: MEGABYTE })),
    )
    expect(NodeStoragePanel.safeParse({ storages: many }).success).toBe(true)
  })
})

describe('node syslog', () => {
  it('asks PVE’s start and limit and keeps its line numbers and total', async () => {
    const { access, calls } = infraAccess(
      {
        '/nodes/km4-pve1/syslog': [
          { n: 41, t: 'pvestatd[1]: status update' },
          { n: 42, t: 'cron' },
        ],
      },
      { total: 5_000 },
    )
    const page = await readNodeSyslog(access, 'km4-pve1', { start: 40, limit: 2 })
    expect(page).toEqual({
      lines: [
        { n: 41, t: 'pvestatd[1]: status update' },
        { n: 42, t: 'cron' },
      ],
      total: 5_000,
    })
    expect(calls[0]?.params).toEqual({ start: 40, limit: 2 })
  })

  it('keeps no more lines than asked, nor any line without its number, and bounds each', () => {
    expect(
      syslogLines(
        Array.from({ length: 1_000_000 }, (_, n) => ({ n, t: 'x' })),
        50,
      ),
    ).toHaveLength(50)
    expect(syslogLines([{ t: 'no number' }, { n: 'x', t: 'junk' }, { n: 3 }], 10)).toEqual([{ n: 3, t: '' }])
    const [long] = syslogLines([{ n: 1, t: MEGABYTE }], 10)
    expect(SyslogPage.safeParse({ lines: [long] }).success).toBe(true)
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 1, max: 5_000 }), (data, limit) => {
        expect(SyslogPage.safeParse({ lines: syslogLines(data, limit) }).success).toBe(true)
      }),
    )
  })

  it('passes PVE’s refusal on (Sys.Syslog)', async () => {
    const { access } = infraAccess({ '/nodes/km4-pve1/syslog': forbidden('/nodes/km4-pve1') })
    await expect(readNodeSyslog(access, 'km4-pve1', { start: 0, limit: 10 })).rejects.toMatchObject({
      code: 'forbidden',
    })
  })
})

describe('node tasks', () => {
  it('reads the node’s 50 newest tasks with PVE’s total', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({
      upid: upid(i),
      status: 'OK',
      endtime: 1_800_000_000,
    }))
    const { access, calls } = infraAccess(
      { '/nodes/km4-pve1/tasks': [...rows, 'junk', { upid: 'nope' }] },
      { total: 80 },
    )
    const history = TaskHistoryPanel.parse(await readNodeTasks(access, 'km4-pve1'))
    expect(history.tasks).toHaveLength(50)
    expect(history.total).toBe(80)
    expect(history.tasks[0]?.upid).toBe(upid(79))
    expect(history.tasks[0]).toMatchObject({ clusterId: 'c', vmid: 101, state: 'ok', mine: false })
    expect(calls[0]?.params).toEqual({ limit: 50 })
  })
})
