import { Button, Center, Loader, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

import { useAppStore } from '../../stores/app-store'
import { useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { FailureBanner } from '../startup/FailureBanner'
import { consoleTitle } from './console-title'
import { ConsolePanel } from './ConsolePanel'
import { siteColour } from './site-colour'
import type { AttachControls } from './use-console-stream'

/**
 * A detached console window (`#console=<id>`): that console alone. It attaches at once, which takes the
 * console from the workspace. "Put back" lets go and closes the window; the workspace, told by main that
 * nobody holds the console now, attaches it again in its tab. Closing the window does the same.
 */
export function ConsoleWindow({ consoleId }: { consoleId: string }): ReactElement {
  const { t } = useTranslation()
  const ready = useAppStore((s) => s.startup.state === 'ready')
  const info = useConsoleStore((s) => s.consoles[consoleId])
  const listed = useConsoleStore((s) => s.listed)
  const summary = useFleetStore((s) => (info === undefined ? undefined : s.clusters[info.clusterId]?.summary))
  const title = info === undefined ? undefined : consoleTitle(info, summary, t)

  useEffect(() => {
    if (title !== undefined) document.title = `${title.title} — ${title.where} — PVE Desk`
  }, [title?.title, title?.where]) // eslint-disable-line react-hooks/exhaustive-deps -- the strings are the key

  const putBack = (controls: AttachControls): void => {
    controls.release()
    window.close()
  }

  if (!ready || !listed)
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    )
  if (info === undefined)
    return (
      <Center h="100%">
        <Stack align="center">
          <FailureBanner />
          <Text>{t('consoles.unknown')}</Text>
          <Button variant="default" onClick={() => window.close()}>
            {t('consoles.closeWindow')}
          </Button>
        </Stack>
      </Center>
    )
  return (
    <div className="console-window" data-console-window={consoleId}>
      <FailureBanner />
      <ConsolePanel
        consoleId={consoleId}
        mode="window"
        visible
        onPutBack={putBack}
        {...(title === undefined
          ? {}
          : {
              heading: {
                title: title.title,
                where: title.where,
                colour: title.site === undefined ? undefined : siteColour(title.site),
              },
            })}
      />
    </div>
  )
}
