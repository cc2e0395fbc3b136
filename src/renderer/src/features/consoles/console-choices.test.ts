import { describe, expect, it } from 'vitest'

import type { ClusterEntry } from '../../stores/fleet-store'
import { entryFixture, onlineStatus } from '../../test-fixtures'
import { consoleChoices } from './console-choices'

const entry = (
  permissions: ClusterEntry['permissions'],
  patch: { readOnly?: boolean; state?: 'online' | 'unreachable' } = {},
): ClusterEntry => ({
  ...entryFixture('c1', { name: 'ACE', readOnly: patch.readOnly ?? false }),
  status: onlineStatus('c1', { state: patch.state ?? 'online' }),
  ...(permissions === undefined ? {} : { permissions }),
})
const vm = {
  type: 'qemu' as const,
  vmid: 100,
  node: 'n1',
  status: 'running' as const,
  template: false,
}
const guest = (patch: Partial<typeof vm> & { pool?: string } = {}) =>
  ({ kind: 'guest', item: { ...vm, ...patch }, nodeStatus: 'online' }) as const
const allowed = (choices: ReturnType<typeof consoleChoices>): Record<string, string | true> =>
  Object.fromEntries(
    choices.map((c) => [c.id, c.capability.allowed ? true : (c.capability.reason?.key ?? '?')]),
  )

describe('console choices', () => {
  const noc = { '/vms': { 'VM.Console': 1 }, '/nodes': { 'Sys.Console': 1 } }

  it('offers each kind its consoles, the first on Enter and the second on Shift+Enter', () => {
    const choices = consoleChoices(entry(noc), guest())
    expect(choices.map((c) => [c.id, c.kind, c.shortcut])).toEqual([
      ['screen', 'vnc', 'Enter'],
      ['serial', 'terminal', 'Shift+Enter'],
      ['spice', 'spice', undefined],
    ])
    expect(consoleChoices(entry(noc), guest({ type: 'lxc' } as never)).map((c) => c.id)).toEqual([
      'console',
      'screen',
    ])
    const node = consoleChoices(entry(noc), { kind: 'node', item: { node: 'n1', status: 'online' } })
    expect(node.map((c) => c.id)).toEqual(['shell', 'screen'])
    expect(node[0]?.target).toEqual({ type: 'node', node: 'n1' })
  })

  it('disables them with the missing privilege: VM.Console for guests, Sys.Console for nodes', () => {
    const guestsOnly = { '/vms': { 'VM.Console': 1 } }
    const node = consoleChoices(entry(guestsOnly), { kind: 'node', item: { node: 'n1', status: 'online' } })
    expect(node[0]?.capability.reason).toEqual({
      key: 'capability.missing',
      values: { path: '/nodes/n1', privilege: 'Sys.Console' },
    })
    const audit = consoleChoices(entry({ '/vms': { 'VM.Audit': 1 } }), guest())
    expect(audit[0]?.capability.reason?.values).toEqual({ path: '/vms/100', privilege: 'VM.Console' })
    expect(allowed(consoleChoices(entry(undefined), guest())).screen).toBe('capability.notYetKnown')
  })

  it('allows consoles on a read-only cluster: they change nothing by themselves', () => {
    expect(allowed(consoleChoices(entry(noc, { readOnly: true }), guest()))).toEqual({
      screen: true,
      serial: true,
      spice: true,
    })
  })

  it('offers a node its shell on a deliberate Ctrl+Enter, never on Enter (the tree’s key)', () => {
    const node = consoleChoices(entry(noc), { kind: 'node', item: { node: 'n1', status: 'online' } })
    expect(node.map((c) => c.shortcut)).toEqual(['Ctrl+Enter', 'Ctrl+Shift+Enter'])
  })

  it('trusts no lagging poll: a guest seen stopped or stale, or a node unknown, still opens (main says why not)', () => {
    expect(allowed(consoleChoices(entry(noc), guest({ status: 'stopped' } as never))).screen).toBe(true)
    expect(allowed(consoleChoices(entry(noc), { ...guest(), nodeStatus: 'unknown' })).screen).toBe(true)
    expect(
      allowed(consoleChoices(entry(noc), { kind: 'node', item: { node: 'n1', status: 'unknown' } })).shell,
    ).toBe(true)
  })

  it('says why not now: template, node offline, cluster down', () => {
    expect(
      allowed(consoleChoices(entry(noc), guest({ template: true, status: 'stopped' } as never))).screen,
    ).toBe('consoles.template')
    expect(allowed(consoleChoices(entry(noc), { ...guest(), nodeStatus: 'offline' })).screen).toBe(
      'consoles.nodeOffline',
    )
    expect(
      allowed(consoleChoices(entry(noc), { kind: 'node', item: { node: 'n1', status: 'offline' } })).shell,
    ).toBe('consoles.nodeOffline')
    expect(allowed(consoleChoices(entry(noc, { state: 'unreachable' }), guest())).screen).toBe(
      'consoles.clusterDown',
    )
  })

  it('asks for a pool member’s own path, as PVE lists it', () => {
    const pooled = { '/vms': { 'VM.Console': 1 } }
    expect(allowed(consoleChoices(entry(pooled), guest({ pool: 'prod' }))).screen).toBe('capability.missing')
  })
})
