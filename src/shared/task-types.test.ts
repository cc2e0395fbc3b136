import { describe, expect, it } from 'vitest'

import { describeTaskType, KNOWN_TASK_TYPES, taskVmid } from './task-types'

describe('describeTaskType', () => {
  it('tells what guest tasks are about, and that their id is a vmid', () => {
    expect(describeTaskType('qmstart')).toEqual({ kind: 'power', guestId: true })
    expect(describeTaskType('vzshutdown')).toEqual({ kind: 'power', guestId: true })
    expect(describeTaskType('qmigrate')).toEqual({ kind: 'migrate', guestId: true })
    expect(describeTaskType('vzdump')).toEqual({ kind: 'backup', guestId: true })
    expect(describeTaskType('qmrollback')).toEqual({ kind: 'snapshot', guestId: true })
    expect(describeTaskType('vncproxy')).toEqual({ kind: 'console', guestId: true })
    expect(describeTaskType('qmmove')).toEqual({ kind: 'storage', guestId: true })
  })

  it('does not take the id of node tasks for a vmid', () => {
    expect(describeTaskType('vncshell')).toEqual({ kind: 'console', guestId: false })
    expect(describeTaskType('startall')).toEqual({ kind: 'power', guestId: false })
    expect(describeTaskType('zfscreate')).toEqual({ kind: 'storage', guestId: false })
  })

  it('names the real worker types an HA request leads to', () => {
    expect(describeTaskType('hastart')).toEqual({
      kind: 'ha',
      guestId: true,
      haRequest: { real: ['qmstart', 'vzstart'] },
    })
    expect(describeTaskType('hastop').haRequest?.real).toEqual(
      expect.arrayContaining(['qmshutdown', 'qmstop', 'vzshutdown', 'vzstop']),
    )
    expect(describeTaskType('hamigrate').haRequest?.real).toEqual(['qmigrate', 'vzmigrate'])
    expect(describeTaskType('qmstart').haRequest).toBeUndefined()
  })

  it('answers other for types it does not know, whatever their name', () => {
    for (const type of [
      'aptupdate',
      'srvreload',
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ])
      expect(describeTaskType(type)).toEqual({ kind: 'other', guestId: false })
  })

  it('lists each known type once', () => {
    expect(new Set(KNOWN_TASK_TYPES).size).toBe(KNOWN_TASK_TYPES.length)
    expect(KNOWN_TASK_TYPES).toEqual(expect.arrayContaining(['hastart', 'qmstart', 'vzdump']))
  })
})

describe('taskVmid', () => {
  it('reads a vmid where the type says the id is one', () => {
    expect(taskVmid('qmstart', '101')).toBe(101)
    expect(taskVmid('hastart', '999999999')).toBe(999999999)
  })

  it.each([
    ['vncshell', '100'],
    ['aptupdate', ''],
    ['qmstart', ''],
    ['qmstart', '99'],
    ['qmstart', '0100'],
    ['qmstart', '1000000000'],
    ['qmstart', '1e3'],
    ['vzdump', ''],
  ])('finds none for %s with id %j', (type, id) => {
    expect(taskVmid(type, id)).toBeUndefined()
  })
})
