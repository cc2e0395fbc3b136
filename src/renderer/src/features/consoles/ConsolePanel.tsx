import { Button, Group, Paper, Stack, Text } from '@mantine/core'
import { PictureInPicture2, Undo2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useConsoleStore } from '../../stores/console-store'
import type { AttachMode } from './console-attacher'
import { TerminalView } from './terminal/TerminalView'
import type { AttachControls } from './use-console-stream'
import { useConsoleStream } from './use-console-stream'
import { VncView } from './vnc/VncView'

/**
 * One console's view with its stream: the terminal or the screen, and over it, when another window holds the
 * console, what to do about it. Kept mounted while its tab exists (hidden when another tab shows), so a
 * terminal keeps its screen and a screen its session across tab switches.
 */
export function ConsolePanel({
  consoleId,
  mode,
  visible,
  onPutBack,
  heading,
}: {
  consoleId: string
  mode: AttachMode
  visible: boolean
  /** The detached window's "Put back": let go, then close the window. */
  onPutBack?: (controls: AttachControls) => void
  /** The detached window's heading: which console this is. */
  heading?: { title: string; where: string; colour: string | undefined }
}): ReactElement | null {
  const info = useConsoleStore((s) => s.consoles[consoleId])
  const local = useConsoleStore((s) => s.local[consoleId])
  const { stream, controls } = useConsoleStream(consoleId, mode)
  if (info === undefined) return null
  const View = info.kind === 'terminal' ? TerminalView : VncView
  return (
    <div className="console-panel" data-console-id={consoleId} data-attachment={local?.attachment ?? 'none'}>
      {onPutBack === undefined ? null : (
        <PutBackBar heading={heading} onPutBack={() => onPutBack(controls)} />
      )}
      <View info={info} local={local} stream={stream} visible={visible} onRetry={() => controls.take()} />
      {local?.attachment === 'elsewhere' ? <Elsewhere mode={mode} onTake={() => controls.take()} /> : null}
    </div>
  )
}

function PutBackBar({
  heading,
  onPutBack,
}: {
  heading: { title: string; where: string; colour: string | undefined } | undefined
  onPutBack: () => void
}): ReactElement {
  const { t } = useTranslation()
  return (
    <Group
      px="xs"
      py={4}
      gap="xs"
      className="console-putback"
      style={{ borderLeft: `4px solid ${heading?.colour ?? 'transparent'}` }}
    >
      {heading === undefined ? null : (
        <Text size="sm" fw={600}>
          {heading.title}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {heading === undefined ? t('consoles.detachedHere') : heading.where}
      </Text>
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<Undo2 size={12} />}
        onClick={onPutBack}
        ml="auto"
      >
        {t('consoles.putBack')}
      </Button>
    </Group>
  )
}

function Elsewhere({ mode, onTake }: { mode: AttachMode; onTake: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="console-elsewhere" role="status">
      <Paper p="lg" withBorder shadow="md" maw={460}>
        <Stack gap="sm" align="flex-start">
          <Group gap="xs">
            <PictureInPicture2 size={18} aria-hidden="true" />
            <Text fw={600}>{mode === 'workspace' ? t('consoles.elsewhere') : t('consoles.takenBack')}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {mode === 'workspace' ? t('consoles.elsewhereHint') : t('consoles.takenBackHint')}
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={onTake}>
              {mode === 'workspace' ? t('consoles.bringBack') : t('consoles.takeHere')}
            </Button>
            {mode === 'window' ? (
              <Button size="xs" variant="default" onClick={() => window.close()}>
                {t('consoles.closeWindow')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Paper>
    </div>
  )
}
