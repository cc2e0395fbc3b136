import { describe, expect, it } from 'vitest'

import { aclPathChain, can, missingPrivilege } from './permissions'

// What PVE 9 answers for a NOC operator: NOCOperator on / (propagated), PVEAuditor on /vms/105 (propagated), and
// Sys.Console on one node only (not propagated).
const noc = {
  '/': { 'Sys.Audit': 1, 'VM.Audit': 1, 'VM.PowerMgmt': 1 },
  '/vms': { 'Sys.Audit': 1, 'VM.Audit': 1, 'VM.PowerMgmt': 1 },
  '/vms/105': { 'Sys.Audit': 1, 'VM.Audit': 1 },
  '/nodes': { 'Sys.Audit': 1, 'VM.Audit': 1, 'VM.PowerMgmt': 1 },
  '/nodes/km4-pve1': { 'Sys.Audit': 0, 'Sys.Console': 0 },
}

describe('capability checks over /access/permissions', () => {
  it('walks from a path up to the root', () => {
    expect(aclPathChain('/vms/100')).toEqual(['/vms/100', '/vms', '/'])
    expect(aclPathChain('/')).toEqual(['/'])
  })

  it('grants a privilege listed on the path itself, whether or not it propagates', () => {
    // The reproduction of issue 7: a node granting VM.PowerMgmt on /vms/101 only, without propagation.
    const one = { '/vms/101': { 'VM.PowerMgmt': 0 } }
    expect(can(one, '/vms/101', 'VM.PowerMgmt')).toBe(true)
    expect(can(one, '/vms/101', 'VM.Audit')).toBe(false)
    expect(can(noc, '/nodes/km4-pve1', 'Sys.Console')).toBe(true)
    expect(can(noc, '/vms/105', 'VM.PowerMgmt')).toBe(false)
  })

  it('inherits only what the nearest listed ancestor propagates', () => {
    expect(can(noc, '/vms/100', 'VM.PowerMgmt')).toBe(true)
    expect(can(noc, '/vms/100', 'VM.Config.Disk')).toBe(false)
    expect(can(noc, '/nodes/km4-pve2', 'Sys.Audit')).toBe(true)
    expect(can(noc, '/nodes/km4-pve2', 'Sys.Console')).toBe(false)
    // A non-propagating grant on /vms does not reach /vms/101.
    expect(can({ '/vms': { 'VM.PowerMgmt': 0 } }, '/vms/101', 'VM.PowerMgmt')).toBe(false)
  })

  it('looks past an ancestor whose grants do not propagate to the one above it that does', () => {
    // PVEAuditor on / (propagated), PVEVMUser on /vms without propagation: the guests keep the audit from /.
    const map = {
      '/': { 'VM.Audit': 1, 'Sys.Audit': 1 },
      '/vms': { 'VM.Audit': 0, 'VM.PowerMgmt': 0 },
    }
    expect(can(map, '/vms/101', 'VM.Audit')).toBe(true)
    expect(can(map, '/vms/101', 'VM.PowerMgmt')).toBe(false)
    expect(can(map, '/vms', 'VM.PowerMgmt')).toBe(true)
  })

  it('reads a path PVE walked and left out as nothing, and stops there', () => {
    // /vms is always walked: missing, it holds nothing (a NoAccess there), and nothing from / reaches /vms/101.
    const map = { '/': { 'VM.Audit': 1 }, '/storage': { 'VM.Audit': 1 } }
    expect(can(map, '/vms', 'VM.Audit')).toBe(false)
    expect(can(map, '/vms/101', 'VM.Audit')).toBe(false)
    expect(can(map, '/storage/local', 'VM.Audit')).toBe(true)
    // /sdn/zones is the parent of a listed path, so PVE walked it too.
    const sdn = { '/': { 'SDN.Use': 1 }, '/sdn': { 'SDN.Use': 1 }, '/sdn/zones/z1/v1': { 'SDN.Use': 0 } }
    expect(can(sdn, '/sdn/zones', 'SDN.Use')).toBe(false)
    expect(can(sdn, '/sdn/zones/z2', 'SDN.Use')).toBe(false)
    expect(can(sdn, '/sdn/ipams', 'SDN.Use')).toBe(true)
  })

  it('reads a pool member left out as nothing: PVE lists every pool member', () => {
    const map = { '/': { 'VM.PowerMgmt': 1 }, '/vms': { 'VM.PowerMgmt': 1 } }
    expect(can(map, '/vms/100', 'VM.PowerMgmt')).toBe(true)
    expect(can(map, '/vms/100', 'VM.PowerMgmt', { pool: 'prod' })).toBe(false)
    const member = { ...map, '/vms/100': { 'VM.PowerMgmt': 0 } }
    expect(can(member, '/vms/100', 'VM.PowerMgmt', { pool: 'prod' })).toBe(true)
  })

  it('knows the pool root of PVE before 8.0.6, listed as /pools', () => {
    expect(can({ '/': { 'Pool.Audit': 1 }, '/pools': { 'Pool.Audit': 1 } }, '/pool/x', 'Pool.Audit')).toBe(
      true,
    )
    expect(can({ '/': { 'Pool.Audit': 1 } }, '/pool/x', 'Pool.Audit')).toBe(false)
  })

  it('denies everything while no permissions are known', () => {
    expect(can(undefined, '/', 'Sys.Audit')).toBe(false)
    expect(can({}, '/vms/100', 'VM.Audit')).toBe(false)
    expect(can({ '/vms': { constructor: 1 } }, '/vms/1', 'toString')).toBe(false)
  })

  it('reads what a 403 says was missing', () => {
    expect(missingPrivilege('Permission check failed (/vms/100, VM.PowerMgmt)')).toEqual({
      path: '/vms/100',
      privilege: 'VM.PowerMgmt',
    })
    expect(missingPrivilege('Permission check failed (user != root@pam)')).toBeUndefined()
  })
})
