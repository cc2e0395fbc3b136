import { Code, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { AppErrorShape } from '../../../../shared/ipc/errors'
import { formatBytes } from '../../lib/format'

/**
 * What a refused inventory snapshot file means, in the UI's language only: the translation of its reason (this
 * window's own reasons first, `inventory.errorReason.*`, then main's, `errorReason.*`), else of its code. Main's
 * message is English and technical: never mixed into the sentence, see {@link InventoryError}.
 */
export function inventoryErrorMeaning(error: AppErrorShape, t: TFunction, locale: string): string {
  const reason = error.detail?.reason
  const own = reason === undefined ? undefined : `inventory.errorReason.${reason}`
  const main = reason === undefined ? undefined : `errorReason.${reason}`
  const exists = (key: string | undefined): key is string =>
    key !== undefined && t(key, { defaultValue: '' }) !== ''
  const meaning = exists(own)
    ? t(own, { busy: error.detail?.busy ?? '' })
    : exists(main)
      ? t(main)
      : t(`error.${error.code}`, { defaultValue: t('error.internal') })
  const bytes = Number(error.detail?.bytes)
  const limit = Number(error.detail?.limit)
  if (reason === 'too_large' && Number.isFinite(bytes) && Number.isFinite(limit) && bytes > 0)
    return `${meaning} ${t('inventory.errorReason.sizeOverLimit', {
      size: formatBytes(bytes, locale),
      limit: formatBytes(limit, locale),
    })}`
  return meaning
}

/** A refused file's meaning, then main's own words folded away under "Technical detail", in monospace. */
export function InventoryError({ error }: { error: AppErrorShape }): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <>
      <Text size="sm" data-testid="inventory-error-meaning">
        {inventoryErrorMeaning(error, t, i18n.language)}
      </Text>
      {error.message === '' ? null : (
        <details className="inventory-technical" data-testid="inventory-error-technical">
          <summary>{t('inventory.technical')}</summary>
          <Code block>{error.message}</Code>
        </details>
      )}
    </>
  )
}
