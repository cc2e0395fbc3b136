import { describe, expect, it } from 'vitest'

import { capability } from './capabilities'
import type { ClusterEntry } from './fleet-store'

const entry = (readOnly: boolean, permissions?: ClusterEntry['permissions']): ClusterEntry => ({
  summary: {
    id: 'c',
    name: 'ACE',
    readOnly,
    endpoints: [],
    sites: {},
    defaultSite: 'Km4',
    hasCredential: true,
  },
  status: { clusterId: 'c', state: 'online', stale: false, lastUpdated: 1 },
  seq: 1,
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
  it('refuses while the privileges are not known yet', () => {
    expect(capability(entry(false), '/vms/100', 'VM.Audit', false).reason?.key).toBe('capability.notYetKnown')
  })
})
