import { describe, expect, it } from 'vitest'

import { aclPathChain, can, missingPrivilege } from './permissions'

const noc = {
  '/': { 'Sys.Audit': 1 },
  '/vms': { 'VM.Audit': 1, 'VM.PowerMgmt': 1, 'VM.Console': 1 },
  '/vms/105': { 'VM.Audit': 1 },
  '/nodes/km4-pve1': { 'Sys.Audit': 1, 'Sys.Console': 1 },
}

describe('capability checks over /access/permissions', () => {
  it('walks from a path up to the root', () => {
    expect(aclPathChain('/vms/100')).toEqual(['/vms/100', '/vms', '/'])
    expect(aclPathChain('/')).toEqual(['/'])
  })

  it('lets the nearest listed path decide', () => {
    expect(can(noc, '/vms/100', 'VM.PowerMgmt')).toBe(true)
    expect(can(noc, '/vms/105', 'VM.PowerMgmt')).toBe(false)
    expect(can(noc, '/vms/105', 'VM.Audit')).toBe(true)
    expect(can(noc, '/nodes/km4-pve1', 'Sys.Console')).toBe(true)
    expect(can(noc, '/nodes/km4-pve2', 'Sys.Console')).toBe(false)
    expect(can(noc, '/vms/100', 'VM.Config.Disk')).toBe(false)
  })

  it('denies everything while no permissions are known', () => {
    expect(can(undefined, '/', 'Sys.Audit')).toBe(false)
    expect(can({}, '/vms/100', 'VM.Audit')).toBe(false)
  })

  it('reads what a 403 says was missing', () => {
    expect(missingPrivilege('Permission check failed (/vms/100, VM.PowerMgmt)')).toEqual({
      path: '/vms/100',
      privilege: 'VM.PowerMgmt',
    })
    expect(missingPrivilege('Permission check failed (user != root@pam)')).toBeUndefined()
  })
})
