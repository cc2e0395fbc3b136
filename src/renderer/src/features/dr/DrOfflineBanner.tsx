import { Alert, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { Archive } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport, DrTargetRule } from '../../../../shared/model/dr'
import { durationText } from './dr-words'

/** A rule as the operator wrote it: « tag:prod réplica ≤ 30 min, sauvegarde ≤ 1 j ». */
export function ruleText(t: TFunction, rule: DrTargetRule): string {
  const figures = [
    rule.replicaMinutes === undefined
      ? undefined
      : t('dr.rule.replica', { duration: durationText(t, rule.replicaMinutes * 60) }),
    rule.backupHours === undefined
      ? undefined
      : t('dr.rule.backup', { duration: durationText(t, rule.backupHours * 3600) }),
  ].filter((f) => f !== undefined)
  return `${rule.scope}:${rule.value} ${figures.join(', ')}`
}

/**
 * Says that the DR view shows an inventory snapshot's report, not the live one: when it was taken and the targets
 * then in force (the report was evaluated against them at capture, whatever the settings say now).
 */
export function DrOfflineBanner({ report }: { report: DrReport | undefined }): ReactElement {
  const { t, i18n } = useTranslation()
  const when =
    report === undefined
      ? undefined
      : new Date(report.at * 1000).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' })
  const rules = report?.targets.rules ?? []
  return (
    <Alert
      color="grape"
      variant="light"
      icon={<Archive size={16} aria-hidden="true" />}
      title={when === undefined ? undefined : t('dr.offlineTitle', { when })}
      data-testid="dr-offline-banner"
      // In the view's column, the sites' cards below must not squeeze it.
      style={{ flex: 'none' }}
    >
      <Text size="sm">{report === undefined ? t('dr.noReport') : t('dr.offline')}</Text>
      {report === undefined ? null : (
        <Text size="sm" data-testid="dr-offline-targets">
          {t('dr.offlineTargets', {
            rules: rules.length === 0 ? t('dr.offlineNoRule') : rules.map((r) => ruleText(t, r)).join(' · '),
          })}
        </Text>
      )}
    </Alert>
  )
}
