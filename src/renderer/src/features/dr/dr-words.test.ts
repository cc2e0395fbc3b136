import i18next from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { durationText, flagText } from './dr-words'

describe('the DR reasons in words', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })

  it('says a late replica with its lag and its target, in French then in English', async () => {
    const flag = {
      code: 'replica-stale' as const,
      level: 'red' as const,
      params: { job: '101-0', lagSeconds: 47 * 60, targetSeconds: 30 * 60 },
    }
    expect(flagText(i18next.t, flag, 0)).toBe('Réplica en retard : 47 min (objectif 30 min)')
    await i18next.changeLanguage('en')
    try {
      expect(flagText(i18next.t, flag, 0)).toBe('Replica late: 47 min (target 30 min)')
    } finally {
      await i18next.changeLanguage('fr')
    }
  })

  it('says « jamais » for a replica that never synced', () => {
    const text = flagText(
      i18next.t,
      { code: 'replica-stale', level: 'red', params: { lagSeconds: 'never', targetSeconds: 1800 } },
      0,
    )
    expect(text).toBe('Réplica jamais synchronisé (objectif 30 min)')
  })

  it('says an overdue backup in days and hours, and a near target by its kind', () => {
    expect(
      flagText(
        i18next.t,
        {
          code: 'backup-overdue',
          level: 'red',
          params: { ageSeconds: 3 * 86_400, targetSeconds: 86_400, storage: 'pbs-yakro' },
        },
        0,
      ),
    ).toBe('Sauvegarde en retard : 3 j (objectif 1 j) sur pbs-yakro')
    expect(
      flagText(
        i18next.t,
        {
          code: 'near-target',
          level: 'amber',
          params: { kind: 'replica', lagSeconds: 26 * 60, targetSeconds: 1800 },
        },
        0,
      ),
    ).toBe('Réplica proche de son objectif : 26 min (objectif 30 min)')
  })

  it('reads a figure missing from an older report as a dash, never as a placeholder', () => {
    const text = flagText(i18next.t, { code: 'replication-failed', level: 'amber', params: {} }, 0)
    expect(text).toBe('Réplication — en échec (?×) : pas de texte d’erreur')
    expect(text).not.toContain('{{')
  })

  it('measures last-known data from its time', () => {
    expect(
      flagText(i18next.t, { code: 'stale-data', level: 'amber', params: { since: 1000 } }, 1000 + 7200),
    ).toBe('Données connues il y a 2 h : le cluster n’a pas répondu')
    expect(durationText(i18next.t, undefined)).toBe('jamais')
    expect(durationText(i18next.t, 26 * 3600 + 5)).toBe('1 j 2 h')
    expect(durationText(i18next.t, 3600 + 47 * 60)).toBe('1 h 47 min')
    expect(durationText(i18next.t, 12 * 86_400 + 7200)).toBe('12 j')
  })
})
