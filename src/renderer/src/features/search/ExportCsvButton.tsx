import { ActionIcon, Tooltip } from '@mantine/core'
import { FileSpreadsheet } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { exportView } from './export-view'

/**
 * Beside the search box: the guests the tree shows now, to a CSV file (see view-csv.ts). When nothing is shown
 * it writes no empty file and says so in its tooltip (and to a screen reader) for a few seconds.
 */
export function ExportCsvButton(): ReactElement {
  const { t } = useTranslation()
  const [empty, setEmpty] = useState(false)
  useEffect(() => {
    if (!empty) return
    const timer = setTimeout(() => {
      setEmpty(false)
    }, 4_000)
    return () => {
      clearTimeout(timer)
    }
  }, [empty])
  return (
    <Tooltip
      label={empty ? t('search.csv.empty') : t('search.csv.hint')}
      multiline
      w={320}
      withinPortal
      {...(empty ? { opened: true } : {})}
    >
      <ActionIcon
        variant="default"
        size="md"
        aria-label={t('search.csv.label')}
        data-testid="export-csv"
        onClick={() => {
          setEmpty(exportView(t) === 0)
        }}
      >
        <FileSpreadsheet size={15} aria-hidden="true" />
      </ActionIcon>
    </Tooltip>
  )
}
