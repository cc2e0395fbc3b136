import { describe, expect, it } from 'vitest'

import {
  guestTermproxyTakesTokens,
  nodeConsoleTakesTokens,
  notAUserName,
  shellCommand,
  termproxyCommand,
  versionAtLeast,
} from './consoles/pve-release'
import type { ClusterState } from './model'

const cluster = (version: string): ClusterState => ({ version }) as unknown as ClusterState

describe('console rules by PVE release', () => {
  it('compares versions part by part', () => {
    expect(versionAtLeast('9.1.4', '9.0.13')).toBe(true)
    expect(versionAtLeast('9.0.12', '9.0.13')).toBe(false)
    expect(versionAtLeast('10.0', '9.1.9')).toBe(true)
    expect(versionAtLeast('9.1.9', '9.1.9')).toBe(true)
  })

  it('lets tokens into node shells from 9.0.13 and into guest termproxy from 9.1.9', () => {
    expect([nodeConsoleTakesTokens(cluster('8.4.1')), nodeConsoleTakesTokens(cluster('9.1.4'))]).toEqual([
      false,
      true,
    ])
    expect(['9.1.4', '9.1.9', '9.2.0'].map((v) => guestTermproxyTakesTokens(cluster(v)))).toEqual([
      false,
      true,
      true,
    ])
    expect(notAUserName('noc@pve!desk')).toBe("value 'noc@pve!desk' does not look like a valid user name\n")
  })

  it('names the command the worker ran, as run_command reports it', () => {
    expect(shellCommand('root@pam')).toBe('/bin/login -f root')
    expect(shellCommand('root@pam!ops')).toBe('/bin/login')
    const node = { type: 'node', name: 'pve1', node: 'pve1' } as const
    expect(termproxyCommand(cluster('8.4.1'), node, 5900, 'noc@pve')).toBe(
      '/usr/bin/termproxy 5900 --path /nodes/pve1 --perm Sys.Console -- /bin/login',
    )
    expect(termproxyCommand(cluster('9.1.4'), node, 5901, 'root@pam')).toBe(
      '/usr/bin/termproxy 5901 --path /nodes/pve1 --perm Sys.Console --vncticket-endpoint -- /bin/login -f root',
    )
  })
})
