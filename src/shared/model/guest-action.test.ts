import { describe, expect, it } from 'vitest'

import { BulkAction } from './bulk'
import { GuestAction, snapshotName } from './guest-action'

describe('snapshotName (PVE’s pve-configid, reserved names refused)', () => {
  it('refuses what PVE refuses before any task: one character, current, pending in any case', () => {
    for (const name of ['a', 'current', 'pending', 'Pending', 'PENDING', '1abc', 'a.b', 'a'.repeat(41)])
      expect(snapshotName.safeParse(name).success, name).toBe(false)
    expect(GuestAction.safeParse({ kind: 'snapshotCreate', name: 'Pending' }).success).toBe(false)
    expect(BulkAction.safeParse({ kind: 'snapshot', name: 'current' }).success).toBe(false)
  })

  it('takes PVE’s own names: two characters and up, upper case, - and _', () => {
    for (const name of ['ab', 'Before-Upgrade_2', 'Current', 'a'.repeat(40)])
      expect(snapshotName.safeParse(name).success, name).toBe(true)
  })
})
