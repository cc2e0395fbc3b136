import { describe, expect, it } from 'vitest'

import type { FleetGuest } from '../../../../shared/model/fleet'
import type { ClusterEntry } from '../../stores/fleet-store'
import { entryFixture, guestFixture, onlineStatus } from '../../test-fixtures'
import { actionAvailability } from './availability'

const ALL = { '/vms': { 'VM.PowerMgmt': 1, 'VM.Migrate': 1, 'VM.Backup': 1, 'VM.Snapshot': 1 } }
const entry = (
  permissions: Record<string, Record<string, number>> = ALL,
  readOnly = false,
): ClusterEntry => ({
  ...entryFixture('c1', { name: 'ACE', readOnly }),
  permissions,
})
const guest = (patch: Partial<FleetGuest> = {}): FleetGuest => guestFixture(patch)
const lxc = (patch: Partial<FleetGuest> = {}): FleetGuest => ({ ...guestFixture(patch), type: 'lxc' })

describe('actionAvailability', () => {
  it('offers what fits a running VM and refuses start, resume', () => {
    const g = guest()
    expect(actionAvailability(entry(), g, 'stop')).toEqual({ enabled: true })
    expect(actionAvailability(entry(), g, 'reset').enabled).toBe(true)
    expect(actionAvailability(entry(), g, 'start').reason?.key).toBe('actions.why.running')
    expect(actionAvailability(entry(), g, 'resume').reason?.key).toBe('actions.why.notPaused')
  })

  it('a stopped guest may only start (and migrate, back up, take a guest snapshot)', () => {
    const g = guest({ status: 'stopped' })
    expect(actionAvailability(entry(), g, 'start').enabled).toBe(true)
    for (const kind of ['shutdown', 'stop', 'reboot', 'reset', 'suspend', 'hibernate'] as const)
      expect(actionAvailability(entry(), g, kind).reason?.key).toBe('actions.why.notRunning')
    for (const kind of ['migrate', 'backup', 'snapshotCreate'] as const)
      expect(actionAvailability(entry(), g, kind).enabled).toBe(true)
  })

  it('a paused VM resumes, and is neither suspended nor rebooted again', () => {
    const g = guest({ qmpstatus: 'paused' })
    expect(actionAvailability(entry(), g, 'resume').enabled).toBe(true)
    expect(actionAvailability(entry(), g, 'suspend').reason?.key).toBe('actions.why.paused')
    expect(actionAvailability(entry(), g, 'reboot').reason?.key).toBe('actions.why.paused')
    expect(actionAvailability(entry(), g, 'stop').enabled).toBe(true)
  })

  it('a read-only cluster refuses every action, naming the cluster, before anything else', () => {
    const g = guest({ template: true, lock: 'backup' })
    const answer = actionAvailability(entry(ALL, true), g, 'start')
    expect(answer).toEqual({
      enabled: false,
      reason: { key: 'capability.readOnly', values: { cluster: 'ACE' } },
    })
  })

  it('names the privilege PVE checks when it is missing (an auditor)', () => {
    const auditor = entry({ '/': { 'VM.Audit': 1, 'Sys.Audit': 1 } })
    expect(actionAvailability(auditor, guest(), 'stop').reason).toEqual({
      key: 'capability.missing',
      values: { path: '/vms/100', privilege: 'VM.PowerMgmt' },
    })
    expect(actionAvailability(auditor, guest(), 'migrate').reason?.values.privilege).toBe('VM.Migrate')
    expect(actionAvailability(auditor, guest(), 'backup').reason?.values.privilege).toBe('VM.Backup')
  })

  it('a rollback needs either VM.Snapshot or VM.Snapshot.Rollback, and says both when neither is there', () => {
    const rollbackOnly = entry({ '/vms': { 'VM.Snapshot.Rollback': 1 } })
    expect(actionAvailability(rollbackOnly, guest(), 'snapshotRollback').enabled).toBe(true)
    expect(actionAvailability(rollbackOnly, guest(), 'snapshotDelete').reason?.values.privilege).toBe(
      'VM.Snapshot',
    )
    const none = entry({ '/vms': { 'VM.Audit': 1 } })
    expect(actionAvailability(none, guest(), 'snapshotRollback').reason?.values.privilege).toBe(
      'VM.Snapshot | VM.Snapshot.Rollback',
    )
  })

  it('reads a pool member’s own path (PVE lists it), not the parent’s', () => {
    const pooled = entry({ '/vms': { 'VM.PowerMgmt': 1 }, '/vms/100': { 'VM.Audit': 0 } })
    expect(actionAvailability(pooled, guest({ pool: 'prod' }), 'stop').enabled).toBe(false)
  })

  it('a template migrates and is backed up, nothing else', () => {
    const g = guest({ template: true, status: 'stopped' })
    expect(actionAvailability(entry(), g, 'start').reason?.key).toBe('actions.why.template')
    expect(actionAvailability(entry(), g, 'snapshotCreate').reason?.key).toBe('actions.why.template')
    expect(actionAvailability(entry(), g, 'migrate').enabled).toBe(true)
    expect(actionAvailability(entry(), g, 'backup').enabled).toBe(true)
  })

  it('a locked guest names its lock; a hibernated one (lock suspended) may only start', () => {
    expect(actionAvailability(entry(), guest({ lock: 'migrate' }), 'stop').reason).toEqual({
      key: 'actions.why.locked',
      values: { lock: 'migrate' },
    })
    const hibernated = guest({ lock: 'suspended', status: 'stopped' })
    expect(actionAvailability(entry(), hibernated, 'start').enabled).toBe(true)
    expect(actionAvailability(entry(), hibernated, 'migrate').reason?.key).toBe('actions.why.locked')
  })

  it('reset, suspend, hibernate and resume are for VMs only', () => {
    for (const kind of ['reset', 'suspend', 'hibernate', 'resume'] as const)
      expect(actionAvailability(entry(), lxc(), kind).reason?.key).toBe('actions.why.qemuOnly')
    expect(actionAvailability(entry(), lxc(), 'reboot').enabled).toBe(true)
  })

  it('nothing on a cluster that does not answer, nor without known privileges, nor on an inventory snapshot', () => {
    const down = { ...entry(), status: onlineStatus('c1', { state: 'unreachable' }) }
    expect(actionAvailability(down, guest(), 'stop').reason?.key).toBe('actions.why.clusterDown')
    const unknown = { ...entryFixture('c1') }
    expect(actionAvailability(unknown, guest(), 'stop').reason?.key).toBe('capability.notYetKnown')
    const captured = { ...entry(), capture: { reach: 'captured' as const, takenAt: '2026-01-01T00:00:00Z' } }
    expect(actionAvailability(captured, guest(), 'stop').reason?.key).toBe('inventory.offline.actionsOff')
    expect(actionAvailability(undefined, guest(), 'stop').enabled).toBe(false)
  })
})
