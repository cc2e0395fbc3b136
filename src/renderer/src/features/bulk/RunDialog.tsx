import { Alert, Button, Group, Loader, Modal, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import { useBulkStore } from '../../stores/bulk-store'
import { BulkResults } from './BulkResults'

/**
 * A bulk run: its results as they come, Cancel while guests are still queued (actions already started go on:
 * their tasks can be stopped one by one), and Close, which leaves it running (the indicator brings it back).
 */
export function RunDialog({ bulkId }: { bulkId: string }): ReactElement {
  const { t } = useTranslation()
  const progress = useBulkStore((s) => s.runs[bulkId])
  const action = useBulkStore((s) => s.actions[bulkId])
  const close = useBulkStore((s) => s.close)
  const [cancelling, setCancelling] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const title =
    action === undefined
      ? t('bulk.run.titleUnknown')
      : t('bulk.run.title', { action: t(`bulk.action.${action}`) })
  const cancel = async (): Promise<void> => {
    setCancelling(true)
    try {
      await unwrap(pveDesk().bulkCancel({ bulkId }))
    } catch (failure: unknown) {
      setError(failure)
      setCancelling(false)
    }
  }
  return (
    <Modal opened onClose={close} size="xl" title={<Text fw={600}>{title}</Text>}>
      {progress === undefined ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('bulk.run.starting')}</Text>
        </Group>
      ) : (
        <BulkResults progress={progress} />
      )}
      {error === undefined ? null : (
        <Alert color="red" role="alert" mt="sm">
          {describeError(error, t)}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        {progress?.done === true ? null : (
          <Button
            variant="light"
            color="red"
            loading={cancelling && progress?.cancelled !== true}
            disabled={progress?.cancelled === true}
            onClick={() => void cancel()}
          >
            {t('bulk.run.cancel')}
          </Button>
        )}
        <Button variant="default" onClick={close}>
          {progress?.done === true ? t('bulk.run.close') : t('bulk.run.hide')}
        </Button>
      </Group>
    </Modal>
  )
}
