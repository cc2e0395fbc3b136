import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport } from '../../../../shared/model/dr'

/** The guests' DR matrix (first cut: one line per rated guest). */
export function DrMatrix({ report }: { report: DrReport }): ReactElement {
  const { t } = useTranslation()
  return (
    <div role="list" aria-label={t('dr.matrix.label')} data-testid="dr-matrix">
      {report.guests
        .filter((g) => g.level !== 'none')
        .map((g) => (
          <div role="listitem" key={`${g.clusterId}:${g.vmid}`}>
            {t(`dr.level.${g.level}`)} · {g.name} ({g.vmid})
          </div>
        ))}
    </div>
  )
}
