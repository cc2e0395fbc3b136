import { Alert, Loader, Modal, ScrollArea, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ConsoleRecord } from '../../../../shared/model/console'
import { describeError } from '../../api/errors'
import { consoleHistory } from '../../stores/console-actions'
import { formatAge } from '../tree/TreeRowView'
import { choiceOf } from './console-title'

type Loaded =
  { state: 'loading' } | { state: 'ready'; records: ConsoleRecord[] } | { state: 'failed'; error: unknown }

/** How long a console was open: from connected (else opened) to its end, or "open" while it lasts. */
export function recordDuration(record: ConsoleRecord, t: TFunction): string {
  if (record.endedAt === undefined) return t('consoles.history.stillOpen')
  return formatAge(t, record.endedAt - (record.connectedAt ?? record.openedAt))
}

/** How it ended: the reason in words, and the error's meaning (with PVE's text) when it failed. */
export function recordEnd(record: ConsoleRecord, t: TFunction): string {
  if (record.endReason === undefined) return '—'
  const reason = t(`consoles.end.${record.endReason}`)
  return record.error === undefined ? reason : `${reason} ${describeError(record.error, t)}`
}

/**
 * The local record of console sessions: when, who (the local account and the PVE user), which console, for
 * how long and how it ended — newest first, as main keeps it. No keystroke or screen content is ever in it.
 */
export function HistoryDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  useEffect(() => {
    let live = true
    consoleHistory().then(
      (records) => live && setLoaded({ state: 'ready', records }),
      (error: unknown) => live && setLoaded({ state: 'failed', error }),
    )
    return () => {
      live = false
    }
  }, [])
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' })
  return (
    <Modal opened onClose={onClose} title={t('consoles.history.title')} size="90%">
      {loaded.state === 'loading' ? <Loader size="sm" /> : null}
      {loaded.state === 'failed' ? <Alert color="red">{describeError(loaded.error, t)}</Alert> : null}
      {loaded.state === 'ready' && loaded.records.length === 0 ? (
        <Text c="dimmed">{t('consoles.history.empty')}</Text>
      ) : null}
      {loaded.state === 'ready' && loaded.records.length > 0 ? (
        <ScrollArea.Autosize mah="70vh">
          <Table striped highlightOnHover stickyHeader aria-label={t('consoles.history.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('consoles.history.when')}</Table.Th>
                <Table.Th>{t('consoles.history.who')}</Table.Th>
                <Table.Th>{t('consoles.history.what')}</Table.Th>
                <Table.Th>{t('consoles.history.kind')}</Table.Th>
                <Table.Th>{t('consoles.history.duration')}</Table.Th>
                <Table.Th>{t('consoles.history.ended')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {loaded.records.map((r) => (
                <Table.Tr key={`${r.consoleId}-${r.openedAt}`} data-end={r.endReason ?? 'open'}>
                  <Table.Td>{when.format(r.openedAt)}</Table.Td>
                  <Table.Td>{`${r.localUser} / ${r.pveUser}`}</Table.Td>
                  <Table.Td>
                    {[
                      r.site,
                      r.clusterName,
                      r.target.node,
                      r.target.type === 'node' ? undefined : `${r.guestName ?? ''} (${r.target.vmid})`.trim(),
                    ]
                      .filter((part) => part !== undefined && part !== '')
                      .join(' · ')}
                  </Table.Td>
                  <Table.Td>{t(`consoles.choice.${choiceOf(r)}`)}</Table.Td>
                  <Table.Td>{recordDuration(r, t)}</Table.Td>
                  <Table.Td>{recordEnd(r, t)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      ) : null}
    </Modal>
  )
}
