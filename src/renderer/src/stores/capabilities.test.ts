import { describe, expect, it } from 'vitest'

import { capability } from './capabilities'
import type { ClusterEntry } from './fleet-store'
import { entryFixture } from '../test-fixtures'

const entry = (readOnly: boolean, permissions?: ClusterEntry['permissions']): ClusterEntry => ({
  ...entryFixture('c', { name: 'ACE', readOnly, defaultSite: 'Km4' }, 1),
  ...(permissions === undefined ? {} : { permissions }),
})

describe('capability', () => {
  const noc = { '/vms': { 'VM.PowerMgmt': 1, 'VM.Audit': 1 } }
  it('allows what PVE granted', () => {
    expect(capability(entry(false, noc), '/vms/100', 'VM.PowerMgmt')).toEqual({ allowed: true })
  })
  it('names the missing privilege', () => {
    expect(capability(entry(false, noc), '/vms/100', 'VM.Config.Disk')).toEqual({
      allowed: false,
      reason: { key: 'capability.missing', values: { path: '/vms/100', privilege: 'VM.Config.Disk' } },
    })
  })
  it('refuses every change on a read-only cluster, but not reading', () => {
    expect(capability(entry(true, noc), '/vms/100', 'VM.PowerMgmt').reason?.key).toBe('capability.readOnly')
    expect(capability(entry(true, noc), '/vms/100', 'VM.Audit', false)).toEqual({ allowed: true })
  })
  it('grants on a path a privilege PVE lists there without propagation, and knows what a pool member lacks', () => {
    const one = { ...noc, '/vms/101': { 'VM.PowerMgmt': 0 } }
    expect(capability(entry(false, one), '/vms/101', 'VM.PowerMgmt')).toEqual({ allowed: true })
    // PVE lists every pool member: one left out has nothing, whatever /vms propagates.
    expect(
      capability(entry(false, noc), '/vms/100', 'VM.PowerMgmt', true, { pool: 'prod' }).reason?.key,
    ).toBe('capability.missing')
  })
  it('refuses while the privileges are not known yet', () => {
    expect(capability(entry(false), '/vms/100', 'VM.Audit', false).reason?.key).toBe('capability.notYetKnown')
  })
})
