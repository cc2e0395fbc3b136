import { Alert } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { describeError } from '../../api/errors'
import { useAppStore } from '../../stores/app-store'

/** The one place an action that failed is told: what was being done and why, until the operator closes it. */
export function FailureBanner(): ReactElement | null {
  const { t } = useTranslation()
  const failure = useAppStore((s) => s.failure)
  const setFailure = useAppStore((s) => s.setFailure)
  if (failure === undefined) return null
  return (
    <Alert
      color="red"
      icon={<TriangleAlert size={16} />}
      p="xs"
      mb="sm"
      role="alert"
      title={t(`failure.${failure.action}`)}
      withCloseButton
      closeButtonLabel={t('failure.close')}
      onClose={() => setFailure(undefined)}
    >
      {describeError(failure.error, t)}
    </Alert>
  )
}
