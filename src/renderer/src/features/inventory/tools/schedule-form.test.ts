import { describe, expect, it } from 'vitest'

import type { ScheduleForm } from './schedule-form'
import { checkSchedule, formOf } from './schedule-form'

const form = (patch: Partial<ScheduleForm> = {}): ScheduleForm => ({
  enabled: true,
  time: '02:30',
  keep: 14,
  scope: 'all',
  clusterIds: [],
  ...patch,
})

describe('the schedule form', () => {
  it('gives the schedule main takes: all clusters leaves the list out', () => {
    expect(checkSchedule(form())).toEqual({ ok: true, schedule: { enabled: true, time: '02:30', keep: 14 } })
    expect(checkSchedule(form({ scope: 'some', clusterIds: ['c1'], keep: '7' }))).toEqual({
      ok: true,
      schedule: { enabled: true, time: '02:30', keep: 7, clusterIds: ['c1'] },
    })
  })

  it('reads a one-digit hour as two', () => {
    expect(checkSchedule(form({ time: ' 7:05 ' }))).toMatchObject({ ok: true, schedule: { time: '07:05' } })
  })

  it('names every field to fix', () => {
    for (const time of ['24:00', '12:60', '1230', '', 'ab:cd', '12:3'])
      expect(checkSchedule(form({ time }))).toEqual({ ok: false, errors: ['time'] })
    for (const keep of [0, 366, 1.5, '', 'ten', -1])
      expect(checkSchedule(form({ keep }))).toEqual({ ok: false, errors: ['keep'] })
    expect(checkSchedule(form({ scope: 'some', clusterIds: [] }))).toEqual({
      ok: false,
      errors: ['clusters'],
    })
    expect(checkSchedule(form({ time: 'x', keep: 0, scope: 'some' }))).toEqual({
      ok: false,
      errors: ['time', 'keep', 'clusters'],
    })
  })

  it('keeps a disabled schedule’s settings, and reads main’s schedule back into the form', () => {
    expect(checkSchedule(form({ enabled: false }))).toMatchObject({ ok: true, schedule: { enabled: false } })
    expect(formOf({ enabled: true, time: '03:00', keep: 5, clusterIds: ['c2'] })).toEqual({
      enabled: true,
      time: '03:00',
      keep: 5,
      scope: 'some',
      clusterIds: ['c2'],
    })
  })
})
