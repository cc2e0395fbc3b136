import { Button, Group, Loader, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { CircleCheck, CircleX, RotateCw } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { describeError } from '../../api/errors'
import type { ConsoleInfo } from '../../../../shared/model/console'
import { reconnectConsole } from '../../stores/console-actions'
import type { LocalConsole } from '../../stores/console-store'

/** Why a console ended, in words: the end reason, then the error's meaning and PVE's own text. */
export function endText(info: Pick<ConsoleInfo, 'endReason' | 'error'>, t: TFunction): string {
  const reason = t(`consoles.end.${info.endReason ?? 'remote'}`)
  return info.error === undefined ? reason : `${reason} ${describeError(info.error, t)}`
}

/**
 * The state line every console shows, whatever its kind: connecting, connected (with the login hint when PVE
 * puts a login prompt first), or closed with its reason and Reconnect. `children` are the view's own tools.
 */
export function ConsoleStatus({
  info,
  local,
  onRetry,
  children,
}: {
  info: ConsoleInfo
  local: LocalConsole | undefined
  /** Attaches again after a failed attach (the console itself is still connected in main). */
  onRetry?: (() => void) | undefined
  children?: React.ReactNode
}): ReactElement {
  const { t } = useTranslation()
  return (
    <Group gap="xs" px="xs" py={4} wrap="nowrap" className="console-status" data-state={info.state}>
      {/* Only the state is announced: the tools beside it are no live region. */}
      <Group gap="xs" wrap="nowrap" role="status" aria-live="polite">
        {info.state === 'connecting' ? (
          <>
            <Loader size={14} />
            <Text size="sm">{t('consoles.state.connecting')}</Text>
          </>
        ) : info.state === 'connected' ? (
          <>
            <CircleCheck size={14} color="var(--mantine-color-green-6)" aria-hidden="true" />
            <Text size="sm">{t('consoles.state.connected')}</Text>
            {info.notice === 'login_prompt' ? (
              <Text size="xs" c="dimmed" data-testid="login-hint">
                {t('consoles.loginPrompt')}
              </Text>
            ) : null}
          </>
        ) : (
          <>
            <CircleX size={14} color="var(--mantine-color-red-6)" aria-hidden="true" />
            <Text size="sm" data-testid="console-end" lineClamp={2} title={endText(info, t)}>
              {`${t('consoles.state.closed')} — ${endText(info, t)}`}
            </Text>
            <Button
              size="compact-xs"
              leftSection={<RotateCw size={12} />}
              onClick={() => void reconnectConsole(info.consoleId)}
            >
              {t('consoles.reconnect')}
            </Button>
          </>
        )}
        {local?.attachError !== undefined && info.state !== 'closed' ? (
          <Text size="xs" c="red" data-testid="attach-error">
            {describeError(local.attachError, t)}
          </Text>
        ) : null}
      </Group>
      {local?.attachError !== undefined &&
      info.state !== 'closed' &&
      local.attachment === 'none' &&
      onRetry !== undefined ? (
        <Button size="compact-xs" variant="light" leftSection={<RotateCw size={12} />} onClick={onRetry}>
          {t('consoles.retry')}
        </Button>
      ) : null}
      <Group gap={4} ml="auto" wrap="nowrap">
        {children}
      </Group>
    </Group>
  )
}
