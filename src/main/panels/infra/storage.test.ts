import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { StoragePanel } from '../../../shared/model/infra-panels'
import { backupEntry } from '../backup-entry'
import { forbidden, infraAccess, MEGABYTE } from './fake-infra.testing'
import { contentSummaryOf, readStorage } from './storage'

const row = (
  storage: string,
  node: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  type: 'storage',
  id: `storage/${node}/${storage}`,
  storage,
  node,
  status: 'available',
  disk: 10,
  maxdisk: 100,
  ...extra,
})

const backup = (
  vmid: number,
  ctime: number | string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  volid: `pbs:backup/vm/${vmid}/${String(ctime)}`,
  content: 'backup',
  vmid,
  ctime,
  size: 1_000,
  format: 'pbs-vm',
  ...extra,
})

describe('readStorage', () => {
  it('reads a shared storage’s content once, usage per node, backups newest first with verification', async () => {
    const { access, calls } = infraAccess({
      '/storage': [{ storage: 'pbs', type: 'pbs', shared: 1, content: 'backup' }],
      '/cluster/resources': [
        row('pbs', 'km4-pve2', { shared: 1 }),
        row('pbs', 'km4-pve1', { shared: 1 }),
        row('local', 'km4-pve1'),
      ],
      '/nodes/km4-pve1/storage/pbs/content': [
        backup(101, 1_700_000_000, { verification: { state: 'ok', upid: 'UPID:x' }, encrypted: 'aa:bb' }),
        backup(102, '1700000500', { protected: 1, notes: 'before upgrade' }),
        { volid: 'pbs:iso/x.iso', content: 'iso', size: 5 },
      ],
    })
    const storage = StoragePanel.parse(await readStorage(access, 'pbs'))
    expect(storage).toMatchObject({
      storage: 'pbs',
      type: 'pbs',
      shared: true,
      content: ['backup'],
      gaps: [],
    })
    expect(storage.perNode).toEqual([
      { node: 'km4-pve1', status: 'available', used: 10, total: 100 },
      { node: 'km4-pve2', status: 'available', used: 10, total: 100 },
    ])
    expect(calls.filter((c) => c.path.endsWith('/content')).map((c) => c.path)).toEqual([
      '/nodes/km4-pve1/storage/pbs/content',
    ])
    expect(storage.backups.map((b) => b.vmid)).toEqual([102, 101])
    expect(storage.backups[0]).toMatchObject({
      ctime: 1_700_000_500,
      protected: true,
      notes: 'before upgrade',
    })
    expect(storage.backups[1]).toMatchObject({
      verification: { state: 'ok', upid: 'UPID:x' },
      encrypted: true,
    })
    expect(storage.contentSummary).toEqual([
      { content: 'backup', count: 2, size: 2_000 },
      { content: 'iso', count: 1, size: 5 },
    ])
  })

  it('reads a local storage on each node that has it available, from the fleet row when /storage is refused', async () => {
    const { access, calls } = infraAccess({
      '/storage': forbidden('/storage'),
      '/cluster/resources': [
        row('local', 'km4-pve1', { plugintype: 'dir', content: 'iso,backup' }),
        row('local', 'km4-pve2', { plugintype: 'dir' }),
        row('local', 'vitib-pve1', { plugintype: 'dir', status: 'unknown' }),
      ],
      '/nodes/km4-pve1/storage/local/content': [{ volid: 'local:iso/a.iso', content: 'iso', size: 1 }],
      '/nodes/km4-pve2/storage/local/content': forbidden('/storage/local'),
    })
    const storage = await readStorage(access, 'local')
    expect(storage).toMatchObject({ type: 'dir', shared: false, content: ['iso', 'backup'] })
    expect(calls.filter((c) => c.path.endsWith('/content'))).toHaveLength(2)
    expect(storage.gaps.map((g) => g.part)).toEqual(['storage', 'nodes/km4-pve2/storage/local/content'])
    expect(storage.contentSummary).toEqual([{ content: 'iso', count: 1, size: 1 }])
  })

  it('says a storage no one lists is not found, and refuses an id PVE could not have', async () => {
    const { access, calls } = infraAccess({ '/storage': [], '/cluster/resources': [] })
    await expect(readStorage(access, 'nope')).rejects.toMatchObject({ code: 'not_found' })
    const asked = calls.length
    for (const id of ['../access', 'a/b', '', 'x'.repeat(200)])
      await expect(readStorage(access, id)).rejects.toMatchObject({ code: 'invalid_request' })
    expect(calls).toHaveLength(asked)
  })
})

describe('storage content', () => {
  it('keeps at most 32 content kinds of a hostile list', () => {
    const volumes = Array.from({ length: 1_000 }, (_, i) => ({ content: `kind${i}`, size: 1 }))
    expect(contentSummaryOf(volumes)).toHaveLength(32)
    expect(contentSummaryOf([{ content: 'images', size: 'lots' }, { size: 5 }])).toEqual([
      { content: 'images', count: 1, size: 0 },
    ])
  })

  it('reads any backup row a broken server sends, bounded and valid', () => {
    const anyRow = fc.record(
      {
        volid: fc.oneof(fc.string(), fc.anything()),
        ctime: fc.anything(),
        verification: fc.anything(),
        encrypted: fc.anything(),
        protected: fc.anything(),
        notes: fc.anything(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(anyRow, (r) => {
        const entry = backupEntry(r, 'pbs')
        if (entry !== undefined) expect(StoragePanel.shape.backups.safeParse([entry]).success).toBe(true)
      }),
    )
    const big = backupEntry({ volid: MEGABYTE, notes: MEGABYTE, verification: { state: MEGABYTE } }, 'pbs')
    expect(StoragePanel.shape.backups.safeParse([big]).success).toBe(true)
  })
})
