import './inventory.css'

import { Alert, Badge, Button, Drawer, Group, Loader, Stack, Text } from '@mantine/core'
import { FileWarning, FolderOpen, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useId, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryFileEntry } from '../../../../shared/ipc/domains/inventory'
import { useAppStore } from '../../stores/app-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { InventoryError } from './InventoryError'
import { InventoryToolbar } from './tools/InventoryToolbar'
import { localTime, triggerOfName } from './inventory-format'
import { UploadStatus } from './UploadStatus'

const SOURCES = ['argument', 'folder', 'recent', 'upload'] as const

/** Newest first: by the time the manifest gives, else the file's own. */
const newestFirst = (a: InventoryFileEntry, b: InventoryFileEntry): number =>
  (b.takenAt === undefined ? b.modifiedAt : Date.parse(b.takenAt)) -
  (a.takenAt === undefined ? a.modifiedAt : Date.parse(a.takenAt))

/**
 * The inventory snapshot files PVE Desk knows, newest first, by where they come from (named at start, the
 * inventory folder, recent, dropped), each with its date, how it was taken and its counts — an unreadable one
 * marked with why — and "Open a file…". Opening verifies the file; one that does not hold says why here.
 */
export function FilesPanel(): ReactElement {
  const { t } = useTranslation()
  const open = useInventoryStore((s) => s.panelOpen)
  const files = useInventoryStore((s) => s.files)
  const listed = useInventoryStore((s) => s.listed)
  const busy = useInventoryStore((s) => s.busy)
  const sending = useInventoryStore((s) => s.sending !== undefined)
  const failure = useInventoryStore((s) => s.failure)
  const shownId = useInventoryStore((s) => s.opened?.file.fileId)
  const browserHost = useAppStore((s) => s.startup.state === 'ready' && s.startup.info.host === 'browser')
  const input = useRef<HTMLInputElement>(null)
  const store = useInventoryStore.getState

  useEffect(() => {
    if (open) void store().refreshFiles()
  }, [open, store])

  const groups = useMemo(
    () =>
      SOURCES.map((source) => ({
        source,
        files: files.filter((f) => f.source === source).sort(newestFirst),
      })).filter((g) => g.files.length > 0),
    [files],
  )

  const openAFile = async (): Promise<void> => {
    // The browser host has no dialog of its own: the page's file input, within the click that asked. In
    // Electron, main's dialog; its null answer there is the user dismissing it, not a reason to ask twice.
    if (browserHost) input.current?.click()
    else await store().pick()
  }

  return (
    <Drawer
      opened={open}
      onClose={() => store().setPanelOpen(false)}
      position="right"
      size={560}
      title={t('inventory.panel.title')}
      aria-label={t('inventory.panel.title')}
    >
      <Stack gap="sm">
        <Group gap="xs" data-testid="inventory-toolbar">
          <Button leftSection={<FolderOpen size={16} aria-hidden="true" />} onClick={() => void openAFile()}>
            {t('inventory.panel.open')}
          </Button>
          <InventoryToolbar />
        </Group>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="inventory-file-input"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            event.currentTarget.value = ''
            if (file !== undefined) void store().upload(file)
          }}
        />
        <UploadStatus />
        {busy === undefined || sending ? null : (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">{t('inventory.panel.opening', { name: busy })}</Text>
          </Group>
        )}
        {failure === undefined ? null : (
          <Alert
            color="red"
            icon={<TriangleAlert size={16} />}
            role="alert"
            title={
              failure.action === 'list'
                ? t('inventory.panel.listFailed')
                : failure.action === 'pick' || failure.file === undefined
                  ? t('inventory.panel.pickFailed')
                  : t('inventory.panel.failed', { file: failure.file })
            }
            withCloseButton
            closeButtonLabel={t('failure.close')}
            onClose={() => store().dismissFailure()}
            data-testid="inventory-failure"
            data-reason={failure.error.detail?.reason ?? failure.error.code}
          >
            <InventoryError error={failure.error} />
          </Alert>
        )}
        {!listed ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('inventory.panel.loading')}</Text>
          </Group>
        ) : groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('inventory.panel.empty')}
          </Text>
        ) : (
          groups.map((g) => (
            <section key={g.source} aria-label={t(`inventory.panel.source.${g.source}`)}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
                {t(`inventory.panel.source.${g.source}`)}
              </Text>
              <Stack gap={4} role="list">
                {g.files.map((file) => (
                  <FileRow key={file.fileId} file={file} shown={file.fileId === shownId} />
                ))}
              </Stack>
            </section>
          ))
        )}
      </Stack>
    </Drawer>
  )
}

function FileRow({ file, shown }: { file: InventoryFileEntry; shown: boolean }): ReactElement {
  const { t, i18n } = useTranslation()
  const trigger = triggerOfName(file.name)
  const busy = useInventoryStore((s) => s.busy !== undefined)
  // The name is the button's label; its date, trigger, counts and why it is unreadable describe it.
  const describedBy = useId()
  return (
    <div role="listitem">
      <button
        type="button"
        className="inventory-file"
        data-shown={shown}
        data-file={file.name}
        title={file.path}
        disabled={file.unreadable !== undefined || busy}
        aria-label={t('inventory.panel.openThis', { name: file.name })}
        aria-describedby={`${describedBy}-trigger ${describedBy}-facts`}
        onClick={() => void useInventoryStore.getState().openFile(file.fileId)}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={600} ff="monospace" truncate="end">
            {file.name}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
            {shown ? (
              <Badge size="xs" color="grape">
                {t('inventory.panel.shownNow')}
              </Badge>
            ) : null}
            <Badge
              id={`${describedBy}-trigger`}
              size="xs"
              variant="light"
              color={trigger === 'scheduled' ? 'blue' : 'gray'}
              tt="none"
            >
              {t(`inventory.panel.trigger.${trigger}`)}
            </Badge>
          </Group>
        </Group>
        <div id={`${describedBy}-facts`}>
          <Text size="xs" c="dimmed">
            {file.takenAt === undefined
              ? t('inventory.panel.modified', { date: localTime(file.modifiedAt, i18n.language) })
              : localTime(file.takenAt, i18n.language)}
          </Text>
          {file.summary === undefined ? null : (
            <Text size="xs">
              {[
                t('inventory.panel.clusters', { count: file.summary.clusters }),
                t('inventory.panel.nodes', { count: file.summary.nodes }),
                t('inventory.panel.guests', { count: file.summary.guests }),
                t('inventory.banner.issues', { count: file.summary.issues }),
              ].join(' · ')}
            </Text>
          )}
          {file.unreadable === undefined ? null : (
            <Group gap={4} wrap="nowrap" mt={2}>
              <FileWarning size={13} color="var(--mantine-color-red-6)" aria-hidden="true" />
              <Text size="xs" c="red" data-unreadable="true">
                {t('inventory.panel.unreadable', {
                  why: t(`errorReason.${file.unreadable}`, { defaultValue: file.unreadable }),
                })}
              </Text>
            </Group>
          )}
        </div>
      </button>
    </div>
  )
}
