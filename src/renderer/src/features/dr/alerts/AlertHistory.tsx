import '../sites/sites.css'

import { Alert, Badge, Button, Drawer, Group, Select, Stack, Text } from '@mantine/core'
import { Trash2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { DrAlertKind } from '../../../../../shared/model/dr'
import type { DrAlert } from '../../../../../shared/model/dr'
import { AppError } from '../../../../../shared/ipc/errors'
import { useDrStore } from '../../../stores/dr-store'
import { alertColour } from './alert-colour'
import { alertSentence, alertWhere } from './alert-words'

const ALL = ''

/** The history filtered by kind and by site (the empty string: every one). */
export const filterHistory = (history: readonly DrAlert[], kind: string, site: string): DrAlert[] =>
  history.filter((a) => (kind === ALL || a.kind === kind) && (site === ALL || alertWhere(a) === site))

/**
 * The local history of DR alerts (main keeps it in the PVE Desk home), newest first, filtered by kind and site;
 * « Effacer l'historique » asks first.
 */
export function AlertHistory({ onClose }: { onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const history = useDrStore((s) => s.history)
  const [kind, setKind] = useState(ALL)
  const [site, setSite] = useState(ALL)
  const [confirming, setConfirming] = useState(false)
  const [failure, setFailure] = useState<string | undefined>(undefined)
  const sites = [...new Set(history.map(alertWhere))].sort((a, b) => a.localeCompare(b))
  const shown = filterHistory(history, kind, site)
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' })
  const clear = async (): Promise<void> => {
    try {
      await useDrStore.getState().clearHistory()
      setConfirming(false)
      setFailure(undefined)
    } catch (thrown: unknown) {
      setFailure(AppError.from(thrown).message)
    }
  }
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={t('drSites.history.title')}
      closeButtonProps={{ 'aria-label': t('drSites.history.cancel') }}
      data-testid="dr-history"
    >
      <Stack gap="sm">
        <Group gap="xs" align="flex-end">
          <Select
            size="xs"
            label={t('drSites.history.kind')}
            value={kind}
            onChange={(v) => setKind(v ?? ALL)}
            data={[
              { value: ALL, label: t('drSites.history.all') },
              ...DrAlertKind.options.map((k) => ({ value: k, label: t(`drSites.kind.${k}`) })),
            ]}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, zIndex: 1000 }}
            data-testid="dr-history-kind"
          />
          <Select
            size="xs"
            label={t('drSites.history.site')}
            value={site}
            onChange={(v) => setSite(v ?? ALL)}
            data={[
              { value: ALL, label: t('drSites.history.all') },
              ...sites.map((s) => ({ value: s, label: s })),
            ]}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, zIndex: 1000 }}
            data-testid="dr-history-site"
          />
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<Trash2 size={14} aria-hidden="true" />}
            disabled={history.length === 0}
            onClick={() => setConfirming(true)}
            data-testid="dr-history-clear"
          >
            {t('drSites.history.clear')}
          </Button>
        </Group>
        {confirming ? (
          <Alert color="red" variant="light" title={t('drSites.history.confirmTitle')} role="alertdialog">
            <Text size="sm">{t('drSites.history.confirmText', { count: history.length })}</Text>
            <Group gap="xs" mt="xs">
              <Button size="xs" color="red" onClick={() => void clear()} data-testid="dr-history-confirm">
                {t('drSites.history.confirm')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                {t('drSites.history.cancel')}
              </Button>
            </Group>
          </Alert>
        ) : null}
        {failure === undefined ? null : (
          <Alert color="red" variant="light" role="alert">
            {t('drSites.history.failed', { message: failure })}
          </Alert>
        )}
        {shown.length === 0 ? (
          <Text c="dimmed" size="sm">
            {history.length === 0 ? t('drSites.history.empty') : t('drSites.history.emptyFiltered')}
          </Text>
        ) : (
          <ul
            className="dr-history-list"
            aria-label={t('drSites.history.list')}
            data-testid="dr-history-list"
          >
            {shown.map((a) => (
              <li key={a.id} data-kind={a.kind} data-phase={a.phase}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Badge color={alertColour(a)} variant="light" size="sm" style={{ flexShrink: 0 }}>
                    {t(`drSites.history.phase.${a.phase}`)}
                  </Badge>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {alertSentence(a, t)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {when.format(a.at * 1000)} · {t(`drSites.kind.${a.kind}`)}
                    </Text>
                  </div>
                </Group>
              </li>
            ))}
          </ul>
        )}
      </Stack>
    </Drawer>
  )
}
