import { describe, expect, it } from 'vitest'

import type { PveTask } from '../../shared/model/task'
import { notifyIfWanted, shouldNotifyTask } from './task-notify'

const task = (state: PveTask['state'], mine = true): PveTask => ({
  key: 'c1/UPID:x',
  clusterId: 'c1',
  upid: 'UPID:x',
  node: 'km4-pve1',
  type: 'qmstart',
  id: '101',
  user: 'noc@pve',
  starttime: 1,
  state,
  mine,
})

describe('shouldNotifyTask', () => {
  it('follows the notify preference', () => {
    const states = ['ok', 'warning', 'error', 'unknown', 'running'] as const
    const wanted = (notify: 'all' | 'failed' | 'off'): string[] =>
      states.filter((s) => shouldNotifyTask(task(s), notify))
    expect(wanted('all')).toEqual(['ok', 'warning', 'error'])
    expect(wanted('failed')).toEqual(['error'])
    expect(wanted('off')).toEqual([])
    expect(shouldNotifyTask(task('error', false), 'all')).toBe(false)
  })

  it('reads the preference at each end, and notifies every end when it cannot', async () => {
    const shown: string[] = []
    const show = (t: PveTask): void => {
      shown.push(t.state)
    }
    await notifyIfWanted(task('ok'), () => Promise.resolve({ notify: 'failed' }), show)
    await notifyIfWanted(task('error'), () => Promise.resolve({ notify: 'failed' }), show)
    await notifyIfWanted(task('warning'), () => Promise.reject(new Error('no settings')), show)
    expect(shown).toEqual(['error', 'warning'])
  })
})
