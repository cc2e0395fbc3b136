import { Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core'
import { ChevronDown, Download } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ExportFormat } from '../../../../../shared/ipc/domains/inventory'
import { ExportFormat as Formats } from '../../../../../shared/ipc/domains/inventory'
import { AppError } from '../../../../../shared/ipc/errors'
import { describeError } from '../../../api/errors'
import { exportSnapshot } from './audit-calls'
import { CopyValue } from './CopyValue'

type Outcome = { ok: true; format: ExportFormat; path: string } | { ok: false; error: unknown }

/**
 * Export the opened inventory snapshot (the offline banner's menu): XLSX, CSV, JSON, HTML or PDF. Main writes
 * it (where the user chose in Electron's save dialog; into PVE Desk's exports folder in the browser host) and
 * this says where, with a copy button; a dismissed save dialog says nothing.
 */
export function ExportMenu({ snapshotId }: { snapshotId: string }): ReactElement {
  const { t } = useTranslation()
  const [busy, setBusy] = useState<ExportFormat | undefined>(undefined)
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined)
  const run = async (format: ExportFormat): Promise<void> => {
    setBusy(format)
    setOutcome(undefined)
    try {
      const { path } = await exportSnapshot(snapshotId, format)
      setOutcome({ ok: true, format, path })
    } catch (error: unknown) {
      if (AppError.from(error).code !== 'cancelled') setOutcome({ ok: false, error })
    } finally {
      setBusy(undefined)
    }
  }
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<Download size={14} aria-hidden="true" />}
            rightSection={<ChevronDown size={14} aria-hidden="true" />}
            loading={busy !== undefined}
            aria-label={t('audit.export.label')}
          >
            {t('audit.export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {Formats.options.map((format) => (
            <Menu.Item key={format} onClick={() => void run(format)} data-format={format}>
              {t(`audit.export.formats.${format}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={outcome !== undefined}
        onClose={() => setOutcome(undefined)}
        title={
          outcome?.ok === true
            ? t('audit.export.writtenTitle', { format: t(`audit.export.formats.${outcome.format}`) })
            : t('audit.export.failed')
        }
        size="lg"
      >
        {outcome === undefined ? null : (
          <Stack gap="sm" data-testid="export-outcome" data-outcome={outcome.ok ? 'written' : 'failed'}>
            {outcome.ok ? (
              <>
                <Text size="sm">{t('audit.export.written')}</Text>
                <CopyValue value={outcome.path} label={t('audit.export.written')} />
              </>
            ) : (
              <Alert color="red">{describeError(outcome.error, t)}</Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOutcome(undefined)}>
                {t('audit.export.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  )
}
