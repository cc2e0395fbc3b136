import i18next from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'

import { KNOWN_TASK_TYPES } from '../../../../shared/task-types'
import { en } from '../../i18n/en'
import { fr } from '../../i18n/fr'
import { entryFixture } from '../../test-fixtures'
import { stopCapability } from './stop-rule'
import { formatDuration, ownsTask, stateText, typeWords } from './task-words'
import { endedFixture, taskFixture } from './test-tasks'

beforeAll(async () => {
  await i18next.init({ lng: 'fr', resources: { en: { translation: en }, fr: { translation: fr } } })
})

describe('task words', () => {
  it('says every worker type main knows in both languages', () => {
    for (const type of KNOWN_TASK_TYPES) {
      expect(Object.hasOwn(en.tasks.type, type), type).toBe(true)
      expect(Object.hasOwn(fr.tasks.type, type), type).toBe(true)
    }
    expect(typeWords('qmstart', i18next.t)).toBe('VM : démarrage')
  })

  it('shows an unknown or hostile type as PVE’s code, never another string', () => {
    expect(typeWords('frobnicate', i18next.t)).toBe('frobnicate')
    expect(typeWords('__proto__', i18next.t)).toBe('__proto__')
    expect(typeWords('toast.ok', i18next.t)).toBe('toast.ok')
  })

  it('keeps PVE’s exit text as the status', () => {
    const task = taskFixture()
    expect(stateText(endedFixture(task, 'WARNINGS: 2'), i18next.t)).toBe('WARNINGS: 2')
    expect(stateText(endedFixture(task, 'interrupted by signal'), i18next.t)).toBe('interrupted by signal')
    expect(stateText(task, i18next.t)).toBe('En cours')
  })

  it('formats durations exactly enough for a task', () => {
    expect(formatDuration(42)).toBe('42 s')
    expect(formatDuration(185)).toBe('3 min 05 s')
    expect(formatDuration(3720)).toBe('1 h 02 min')
    expect(formatDuration(-3)).toBe('0 s')
  })

  it('owns a task as PVE does: the same user, or a token’s task for its user, not the reverse', () => {
    expect(ownsTask('alice@pve', 'alice@pve')).toBe(true)
    expect(ownsTask('alice@pve', 'alice@pve!ci')).toBe(true)
    expect(ownsTask('alice@pve!ci', 'alice@pve')).toBe(false)
    expect(ownsTask('alice@pve', 'root@pam')).toBe(false)
    expect(ownsTask(undefined, 'root@pam')).toBe(false)
  })
})

describe('stopping a task', () => {
  const alice = { auth: { kind: 'password' as const, username: 'alice@pve' } }

  it('lets the owner stop their task without Sys.Modify', () => {
    const entry = { ...entryFixture('c1', alice), permissions: {} }
    expect(stopCapability(entry, taskFixture({ user: 'alice@pve' })).allowed).toBe(true)
  })

  it('asks Sys.Modify on the node for someone else’s task (an HA agent’s root@pam one too)', () => {
    const without = { ...entryFixture('c1', alice), permissions: { '/nodes/n1': { 'Sys.Audit': 1 } } }
    const refused = stopCapability(without, taskFixture({ user: 'root@pam' }))
    expect(refused).toMatchObject({
      allowed: false,
      reason: { key: 'capability.missing', values: { path: '/nodes/n1', privilege: 'Sys.Modify' } },
    })
    const withIt = { ...without, permissions: { '/nodes/n1': { 'Sys.Modify': 1 } } }
    expect(stopCapability(withIt, taskFixture({ user: 'root@pam' })).allowed).toBe(true)
  })

  it('refuses on a read-only cluster, even the owner’s task, and names the cluster', () => {
    const entry = { ...entryFixture('c1', { ...alice, readOnly: true, name: 'ACE' }), permissions: {} }
    expect(stopCapability(entry, taskFixture({ user: 'alice@pve' }))).toEqual({
      allowed: false,
      reason: { key: 'capability.readOnly', values: { cluster: 'ACE' } },
    })
  })

  it('refuses while the cluster does not answer, naming it; online or connecting may be asked', () => {
    const entry = { ...entryFixture('c1', { ...alice, name: 'ACE' }), permissions: {} }
    const mine = taskFixture({ user: 'alice@pve' })
    for (const state of ['unreachable', 'error'] as const)
      expect(stopCapability({ ...entry, status: { state } }, mine)).toEqual({
        allowed: false,
        reason: { key: 'tasks.stop.clusterDown', values: { cluster: 'ACE' } },
      })
    expect(stopCapability({ ...entry, status: { state: 'online' } }, mine).allowed).toBe(true)
    expect(stopCapability({ ...entry, status: { state: 'connecting' } }, mine).allowed).toBe(true)
    // Read-only is said first, as main refuses it first.
    const readOnly = { ...entryFixture('c1', { ...alice, readOnly: true, name: 'ACE' }), permissions: {} }
    expect(stopCapability({ ...readOnly, status: { state: 'unreachable' } }, mine).reason?.key).toBe(
      'capability.readOnly',
    )
  })

  it('offers nothing for an ended task', () => {
    const entry = { ...entryFixture('c1', alice), permissions: {} }
    expect(stopCapability(entry, endedFixture(taskFixture({ user: 'alice@pve' }))).allowed).toBe(false)
  })
})
