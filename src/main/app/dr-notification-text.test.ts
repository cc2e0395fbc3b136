import { describe, expect, it } from 'vitest'

import type { DrAlert } from '../../shared/model/dr'
import { drNotificationText } from './dr-notification-text'

const alert: DrAlert = {
  id: 'replication-failed:ace-prod:vm 101 (web01):100',
  at: 100,
  kind: 'replication-failed',
  phase: 'raised',
  clusterId: 'ace-prod',
  site: 'Abidjan',
  subject: 'vm 101 (web01)',
  vmid: 101,
  params: { error: 'command zfs send failed: exit code 1' },
}

describe('drNotificationText', () => {
  it('says what happened in French or English, with the cluster, site, guest and PVE’s error', () => {
    expect(drNotificationText(alert, 'fr-FR')).toEqual({
      title: 'PRA : échec de la réplication',
      body: 'ace-prod · Abidjan: vm 101 (web01) — command zfs send failed: exit code 1',
    })
    expect(drNotificationText({ ...alert, phase: 'cleared', params: {} }, 'en-US')).toEqual({
      title: 'DR: replication failed — back to normal',
      body: 'ace-prod · Abidjan: vm 101 (web01)',
    })
  })

  it('shows a hostile guest name as text, bounded', () => {
    const subject = `vm 101 (<a href="javascript:alert(1)"><img src=x>${'x'.repeat(5_000)})`
    const { body } = drNotificationText({ ...alert, subject }, 'en')
    expect(body).not.toMatch(/<a|<img/)
    expect(body).toContain('&lt;a href')
    expect(body.length).toBeLessThanOrEqual(400)
  })
})
