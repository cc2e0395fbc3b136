import { Alert, Button, Center, Stack, Text, Title } from '@mantine/core'
import { RefreshCw, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { AppErrorShape } from '../../../../shared/ipc/errors'
import { startApp } from '../../stores/actions'

/** The whole window when main did not give the app its start: what failed, in words, and Retry. */
export function StartFailed({ error }: { error: AppErrorShape }): ReactElement {
  const { t } = useTranslation()
  const [retrying, setRetrying] = useState(false)
  return (
    <Center h="100%" p="xl">
      <Stack maw={560} gap="md" role="alert" aria-labelledby="start-failed-title">
        <Title order={2} id="start-failed-title">
          {t('startup.failed')}
        </Title>
        <Alert
          color="red"
          icon={<TriangleAlert size={16} />}
          title={t(`startup.reason.${error.code}`, { defaultValue: t(`error.${error.code}`) })}
        >
          <Text size="sm">{t('startup.hint')}</Text>
          {error.message === '' ? null : (
            <Text size="xs" ff="monospace" mt="xs" data-testid="start-error-detail">
              {error.message}
            </Text>
          )}
        </Alert>
        <Button
          w="fit-content"
          leftSection={<RefreshCw size={14} />}
          loading={retrying}
          onClick={() => {
            setRetrying(true)
            void startApp().finally(() => setRetrying(false))
          }}
        >
          {t('startup.retry')}
        </Button>
      </Stack>
    </Center>
  )
}
