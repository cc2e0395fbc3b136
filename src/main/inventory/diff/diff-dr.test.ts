import { describe, expect, it } from 'vitest'

import { drGuestRow, drOf, drSite } from '../../../../tests/support/inventory-fixture-dr'
import type { InventoryDr } from '../../../shared/model/inventory-snapshot'
import { sampleSnapshot } from '../file/sample-snapshot.testing'
import type { DiffSide } from './diff'
import { diffInventories } from './diff'

const side = (dr: InventoryDr | undefined, takenAt: string): DiffSide => {
  const snapshot = sampleSnapshot({ takenAt })
  return { snapshot: dr === undefined ? snapshot : { ...snapshot, dr }, sha256: takenAt }
}

const drChanges = (b: InventoryDr | undefined, a: InventoryDr | undefined): unknown[] =>
  diffInventories(side(b, '2026-11-30T12:00:00.000Z'), side(a, '2026-12-01T12:00:00.000Z')).changes.filter(
    (c) => c.category === 'dr',
  )

describe('the dr category of a diff', () => {
  const before = drOf(
    [
      drGuestRow({ vmid: 100, flags: [] }),
      drGuestRow({ vmid: 101, flags: ['backup-unverified'] }),
      drGuestRow({ vmid: 102, flags: ['no-job'] }),
      drGuestRow({ vmid: 9, name: 'gone', flags: ['unprotected'] }),
    ],
    [drSite({ site: 'Abidjan' }), drSite({ site: 'Yamoussoukro' })],
  )
  const after = drOf(
    [
      drGuestRow({ vmid: 100, flags: ['replica-stale', 'replication-failed'] }),
      drGuestRow({ vmid: 101, flags: ['backup-same-site'] }),
      drGuestRow({ vmid: 102, flags: ['no-job'] }),
      drGuestRow({ vmid: 300, name: 'new', flags: ['no-backup'] }),
    ],
    [
      drSite({
        site: 'Abidjan',
        level: 'red',
        problems: [{ code: 'quorum-lost', level: 'red', params: { cluster: 'ace-prod' } }],
      }),
      drSite({ site: 'Yamoussoukro' }),
    ],
  )

  it('says which guest changed level and why, which flags came and went, which site changed level', () => {
    expect(drChanges(before, after)).toEqual([
      {
        category: 'dr',
        kind: 'changed',
        clusterId: 'ace-prod',
        subject: 'VM 100 (vm100)',
        key: 'ace-prod/qemu/100',
        site: 'Abidjan',
        field: 'level',
        before: 'green',
        after: 'red (replica-stale, replication-failed)',
      },
      {
        category: 'dr',
        kind: 'added',
        clusterId: 'ace-prod',
        subject: 'VM 100 (vm100)',
        key: 'ace-prod/qemu/100',
        site: 'Abidjan',
        field: 'flag',
        after: 'replica-stale',
      },
      expect.objectContaining({ subject: 'VM 100 (vm100)', kind: 'added', after: 'replication-failed' }),
      // Same level (amber), another reason: the flags say it.
      expect.objectContaining({
        subject: 'VM 101 (vm101)',
        kind: 'removed',
        field: 'flag',
        before: 'backup-unverified',
      }),
      expect.objectContaining({
        subject: 'VM 101 (vm101)',
        kind: 'added',
        field: 'flag',
        after: 'backup-same-site',
      }),
      {
        category: 'dr',
        kind: 'changed',
        clusterId: 'ace-prod',
        subject: 'site Abidjan',
        site: 'Abidjan',
        field: 'level',
        before: 'green',
        after: 'red (quorum-lost)',
      },
    ])
  })

  it('says nothing of a snapshot and itself, nor when either side has no DR report (an older file)', () => {
    expect(drChanges(after, after)).toEqual([])
    expect(drChanges(undefined, after)).toEqual([])
    expect(drChanges(before, undefined)).toEqual([])
  })

  it('comes after every other category', () => {
    const changes = diffInventories(
      side(before, '2026-11-30T12:00:00.000Z'),
      side(after, '2026-12-01T12:00:00.000Z'),
    ).changes
    const first = changes.findIndex((c) => c.category === 'dr')
    expect(first).toBeGreaterThanOrEqual(0)
    expect(changes.slice(first).every((c) => c.category === 'dr')).toBe(true)
  })
})
