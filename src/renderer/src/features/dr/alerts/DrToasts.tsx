import { Button, Group, Notification, Portal, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { useDrStore } from '../../../stores/dr-store'
import { siteColour } from '../../consoles/site-colour'
import { toastStack } from '../../tasks/toast-stack'
import { AlertHistory } from './AlertHistory'
import { alertColour } from './alert-colour'
import { alertDetail, alertSentence, alertTitle, alertWhere } from './alert-words'
import type { DrToastItem } from './toast-groups'
import { toastItems } from './toast-groups'

/** A cleared alert (good news) is told briefly, then gone; a raised one stays until dismissed. */
export const CLEARED_TOAST_MS = 8_000
/** A burst's one toast points to the history, which keeps every alert: it goes by itself too, later. */
export const GROUP_TOAST_MS = 30_000

/**
 * The DR alerts main raised while the window is open, in the one toast stack the tasks use: each in the site's
 * words, a burst of more than three as one toast that opens the history. A polite live region says the newest.
 */
export function DrToasts(): ReactElement {
  const { t } = useTranslation()
  const last = useDrStore((s) => s.lastAlerts)
  const history = useDrStore((s) => s.history)
  const [showHistory, setShowHistory] = useState(false)
  const items = toastItems(last, history)
  const newest = last[0]
  return (
    <>
      <div
        role="status"
        aria-label={t('drSites.toast.announcer')}
        aria-live="polite"
        className="task-announcer"
      >
        {newest === undefined ? '' : alertSentence(newest, t)}
      </div>
      {items.length === 0 ? null : (
        <Portal target={toastStack()}>
          <Stack gap="xs" data-testid="dr-toasts">
            {items.map((item) => (
              <DrToast key={item.key} item={item} onHistory={() => setShowHistory(true)} />
            ))}
          </Stack>
        </Portal>
      )}
      {showHistory ? <AlertHistory onClose={() => setShowHistory(false)} /> : null}
    </>
  )
}

function DrToast({ item, onHistory }: { item: DrToastItem; onHistory: () => void }): ReactElement {
  const { t } = useTranslation()
  const dismissAlert = useDrStore((s) => s.dismissAlert)
  const [pointed, setPointed] = useState(false)
  const ids = item.kind === 'one' ? [item.alert.id] : item.alerts.map((a) => a.id)
  const dismiss = (): void => {
    for (const id of ids) dismissAlert(id)
  }
  const fadeMs =
    item.kind === 'group' ? GROUP_TOAST_MS : item.alert.phase === 'cleared' ? CLEARED_TOAST_MS : undefined
  const idsKey = ids.join('|')
  useEffect(() => {
    if (fadeMs === undefined || pointed) return undefined
    const timer = setTimeout(() => {
      for (const id of idsKey.split('|')) dismissAlert(id)
    }, fadeMs)
    return () => clearTimeout(timer)
  }, [fadeMs, pointed, dismissAlert, idsKey])
  const title =
    item.kind === 'one' ? alertTitle(item.alert, t) : t('drSites.toast.group', { count: item.count })
  const colour = item.kind === 'one' ? alertColour(item.alert) : item.anyRaised ? 'red' : ('green' as const)
  const detail = item.kind === 'one' ? alertDetail(item.alert) : undefined
  return (
    <Notification
      role="group"
      aria-label={title}
      title={title}
      color={colour}
      withBorder
      closeButtonProps={{ 'aria-label': t('drSites.toast.dismiss') }}
      onClose={dismiss}
      onMouseEnter={() => setPointed(true)}
      onMouseLeave={() => setPointed(false)}
      data-testid="dr-toast"
      data-kind={item.kind === 'one' ? item.alert.kind : 'group'}
      data-phase={item.kind === 'one' ? item.alert.phase : undefined}
    >
      <Stack gap={4}>
        {item.kind === 'one' ? (
          <div className="task-toast-where">
            <span
              className="task-site-dot"
              style={{ background: siteColour(alertWhere(item.alert)) }}
              aria-hidden="true"
            />
            <span style={{ color: siteColour(alertWhere(item.alert)), fontWeight: 600 }}>
              {alertWhere(item.alert)}
            </span>
            <span>· {item.alert.clusterId}</span>
          </div>
        ) : (
          <Text size="sm" data-testid="dr-toast-group-detail">
            {t('drSites.toast.groupDetail', { raised: item.raised, cleared: item.cleared })}
          </Text>
        )}
        {detail === undefined ? null : (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="dr-toast-detail">
            {detail}
          </Text>
        )}
        {item.kind === 'group' ? (
          <Group justify="flex-end">
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                dismiss()
                onHistory()
              }}
            >
              {t('drSites.toast.showHistory')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Notification>
  )
}
