import { describe, expect, it } from 'vitest'

import type { PveTask } from '../../shared/model/task'
import { escapeMarkup, taskNotificationText } from './task-notification-text'

const task = (extra: Partial<PveTask> = {}): PveTask => ({
  key: 'ace-prod/UPID:km4-pve1:00001234:00ABCDEF:5FBE4F9A:qmstart:101:noc@pve:',
  clusterId: 'ace-prod',
  upid: 'UPID:km4-pve1:00001234:00ABCDEF:5FBE4F9A:qmstart:101:noc@pve:',
  node: 'km4-pve1',
  type: 'qmstart',
  id: '101',
  vmid: 101,
  user: 'noc@pve',
  starttime: 1_606_307_738,
  state: 'ok',
  exitstatus: 'OK',
  mine: true,
  ...extra,
})

describe('taskNotificationText', () => {
  it('names the cluster, the guest and the node; a failure with PVE’s own text', () => {
    expect(taskNotificationText(task(), 'fr-FR', { cluster: 'ACE prod', guestName: 'naorlo-db01' })).toEqual({
      title: 'Tâche terminée',
      body: 'ACE prod: qmstart 101 (naorlo-db01) sur km4-pve1',
    })
    expect(
      taskNotificationText(task({ state: 'error', exitstatus: 'VM 101 already running' }), 'en-US', {
        cluster: 'ACE prod',
      }),
    ).toEqual({ title: 'Task failed', body: 'ACE prod: qmstart 101 on km4-pve1: VM 101 already running' })
    expect(taskNotificationText(task({ state: 'warning', exitstatus: 'WARNINGS: 2' }), 'en')?.body).toBe(
      'qmstart 101 on km4-pve1: WARNINGS: 2',
    )
  })

  it('escapes markup from a hostile server and a hand-edited settings file', () => {
    const hostile = task({
      state: 'error',
      exitstatus: '<a href="https://evil.example/">update</a> & <img src="file:///etc/passwd">',
    })
    const text = taskNotificationText(hostile, 'en', { cluster: '<b>prod</b>', guestName: 'db&<i>' })
    expect(text?.body).toBe(
      '&lt;b&gt;prod&lt;/b&gt;: qmstart 101 (db&amp;&lt;i&gt;) on km4-pve1: ' +
        '&lt;a href="https://evil.example/"&gt;update&lt;/a&gt; &amp; &lt;img src="file:///etc/passwd"&gt;',
    )
    expect(text?.body).not.toMatch(/[<>]/)
    // A megabyte of exit text is cut to a line's worth.
    const huge = taskNotificationText(task({ state: 'error', exitstatus: 'x'.repeat(1_000_000) }), 'en')
    expect(huge?.body.length).toBeLessThan(400)
  })

  it('says nothing of a task still running or whose end is unknown', () => {
    expect(taskNotificationText(task({ state: 'running' }), 'en')).toBeUndefined()
    expect(taskNotificationText(task({ state: 'unknown' }), 'en')).toBeUndefined()
  })

  it('escapes the three characters the markup subset reads, in the right order', () => {
    expect(escapeMarkup('&lt; <x> & y')).toBe('&amp;lt; &lt;x&gt; &amp; y')
  })
})
