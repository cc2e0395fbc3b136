import { Tooltip } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { KeyboardEvent, ReactElement } from 'react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrGuestRow } from '../../../../shared/model/dr'
import { formatBytes } from '../../lib/format'
import { DrLevelBadge } from './DrLevelBadge'
import type { MatrixRow } from './dr-rows'
import { durationText, flagText } from './dr-words'

interface RowProps {
  matrixRow: MatrixRow
  index: number
  top: number
  height: number
  focusable: boolean
  nowSeconds: number
  onChoose: (row: MatrixRow) => void
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void
}

function Replication({ row, t }: { row: DrGuestRow; t: TFunction }): ReactElement {
  const jobs = row.replication
  const job = jobs.find((j) => !j.disabled) ?? jobs[0]
  if (job === undefined) return <span className="dr-dim">{t('dr.matrix.noReplication')}</span>
  const target = row.target.replicaMinutes
  const lag = durationText(t, job.lagSeconds)
  const line = (
    <>
      <div>
        {job.targetSite === undefined
          ? t('dr.matrix.replicaNoSite', { target: job.target })
          : t('dr.matrix.replica', { target: job.target, site: job.targetSite })}{' '}
        · {t('dr.matrix.schedule', { schedule: job.schedule })}
        {job.disabled ? ` · ${t('dr.matrix.disabled')}` : ''}
      </div>
      <div>
        {job.lastSync === undefined
          ? t('dr.flag.replica-never', { target: durationText(t, (target ?? 0) * 60) })
          : t('dr.matrix.lastSync', { age: lag })}
        {job.lastSync !== undefined
          ? ` · ${
              target === undefined
                ? t('dr.matrix.lagNoTarget', { lag })
                : t('dr.matrix.lag', { lag, target: durationText(t, target * 60) })
            }`
          : ''}
      </div>
      <div>
        {job.durationSeconds !== undefined
          ? t('dr.matrix.took', { duration: durationText(t, job.durationSeconds) })
          : ''}
        {job.failCount > 0 ? (
          <span className="dr-bad">
            {job.durationSeconds !== undefined ? ' · ' : ''}
            {t('dr.matrix.failCount', { count: job.failCount })}
          </span>
        ) : null}
        {jobs.length > 1 ? ` · +${jobs.length - 1}` : ''}
      </div>
    </>
  )
  return job.error === undefined ? (
    <div>{line}</div>
  ) : (
    <Tooltip label={job.error} multiline maw={420} withinPortal>
      <div data-testid="dr-replication-error">{line}</div>
    </Tooltip>
  )
}

function Ha({ row, t }: { row: DrGuestRow; t: TFunction }): ReactElement {
  const ha = row.ha
  if (ha === undefined) return <span className="dr-dim">{t('dr.matrix.noHa')}</span>
  const where = ha.group ?? (ha.rules.length > 0 ? ha.rules.join(', ') : undefined)
  return (
    <>
      {where !== undefined ? <div>{where}</div> : null}
      <div>{t('dr.matrix.haState', { requested: ha.requested ?? '—', current: ha.current ?? '—' })}</div>
      {ha.node !== undefined ? <div className="dr-dim">{ha.node}</div> : null}
    </>
  )
}

function Backup({ row, t, locale }: { row: DrGuestRow; t: TFunction; locale: string }): ReactElement {
  const b = row.lastBackup
  if (b === undefined) return <span className="dr-dim">{t('dr.matrix.noBackup')}</span>
  const facts = [
    b.verification !== undefined ? t(`dr.matrix.verification.${b.verification}`) : undefined,
    b.protected ? t('dr.matrix.protected') : undefined,
    b.size !== undefined ? formatBytes(b.size, locale) : undefined,
  ].filter((f) => f !== undefined)
  return (
    <>
      <div>
        {t('dr.matrix.backupAge', { age: durationText(t, b.ageSeconds) })} ·{' '}
        {t('dr.matrix.backupOn', { storage: b.storage })}
        {b.storageSite !== undefined ? ` (${t('dr.matrix.backupSite', { site: b.storageSite })})` : ''}
      </div>
      {facts.length > 0 ? (
        <div className={b.verification === 'failed' ? 'dr-bad' : ''}>{facts.join(' · ')}</div>
      ) : null}
      <div className="dr-dim">
        {t('dr.matrix.backupCount', { count: row.backupCount, sites: row.backupSites.join(', ') || '—' })}
      </div>
    </>
  )
}

/** One guest's line of the DR matrix; a click or Enter selects it in the tree. */
export const DrMatrixRow = memo(function DrMatrixRow({
  matrixRow,
  index,
  top,
  height,
  focusable,
  nowSeconds,
  onChoose,
  onKeyDown,
}: RowProps): ReactElement {
  const { t, i18n } = useTranslation()
  const { row } = matrixRow
  const reasons = row.flags.map((f) => ({ level: f.level, text: flagText(t, f, nowSeconds) }))
  const targetWords =
    row.level === 'none'
      ? row.template
        ? t('dr.matrix.template')
        : t('dr.matrix.noTarget')
      : t('dr.matrix.targetFrom', { from: row.target.from.join(', ') })
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={`${row.name} (${row.vmid}) · ${t(`dr.level.${row.level}`)}`}
      className="dr-grid dr-row"
      data-level={row.level}
      data-row-key={matrixRow.key}
      data-testid={`dr-row-${row.clusterId}-${row.vmid}`}
      tabIndex={focusable ? 0 : -1}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onChoose(matrixRow)}
      onKeyDown={(event) => onKeyDown(event, index)}
      title={t('dr.matrix.select', { name: row.name })}
    >
      <div role="cell" className="dr-cell">
        <DrLevelBadge level={row.level} />
      </div>
      <div role="cell" className="dr-cell">
        <div className="dr-strong">{row.name}</div>
        <div className="dr-dim">
          {row.vmid} · {t(`kind.${row.type}`)} · {row.clusterName}
        </div>
        <div className="dr-dim">{targetWords}</div>
      </div>
      <div role="cell" className="dr-cell dr-reasons" title={reasons.map((r) => r.text).join('\n')}>
        {reasons.map((r, i) => (
          <div key={i} className={r.level === 'red' ? 'dr-bad' : 'dr-warn'}>
            {r.text}
          </div>
        ))}
      </div>
      <div role="cell" className="dr-cell">
        <div>{row.site}</div>
        <div className="dr-dim">{row.node}</div>
      </div>
      <div role="cell" className="dr-cell">
        <Replication row={row} t={t} />
      </div>
      <div role="cell" className="dr-cell">
        <Ha row={row} t={t} />
      </div>
      <div role="cell" className="dr-cell">
        <Backup row={row} t={t} locale={i18n.language} />
      </div>
      <div role="cell" className="dr-cell">
        {row.backupJobs.length > 0 ? (
          row.backupJobs.join(', ')
        ) : (
          <span className="dr-dim">{t('dr.matrix.noJob')}</span>
        )}
      </div>
    </div>
  )
})
