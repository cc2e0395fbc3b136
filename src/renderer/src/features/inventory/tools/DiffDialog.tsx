import { Alert, Button, Chip, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { Search } from 'lucide-react'
import type { ReactElement } from 'react'
import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryFileEntry } from '../../../../../shared/ipc/domains/inventory'
import type { InventoryChange, InventoryDiff } from '../../../../../shared/model/inventory-snapshot'
import { describeError } from '../../../api/errors'
import { compareFiles, inventoryFiles } from './audit-calls'
import { ChangesTable } from './ChangesTable'
import { comparableFiles, defaultPair, fileToOpen, reversed } from './compare-choice'
import type { ChangeCategory, ChangeKind, DiffFilter } from './diff-filter'
import { CATEGORIES, filterChanges, indexChanges, KINDS, NO_FILTER, sitesOf } from './diff-filter'
import { noteMissingItem } from './missing-item'
import { openInventoryFile } from './open-inventory'

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown }

const ALL_SITES = '*'

/** Two times, both to the minute, or both to the second when the minutes would read the same. */
function formatPair(from: string, to: string, language: string): { from: string; to: string } {
  const [a, b] = [Date.parse(from), Date.parse(to)]
  const minutes = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })
  if (minutes.format(a) !== minutes.format(b)) return { from: minutes.format(a), to: minutes.format(b) }
  const seconds = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' })
  return { from: seconds.format(a), to: seconds.format(b) }
}

/** A file in the selects: when it was taken (as everywhere in the app) and its name, which tells same-minute files apart. */
const optionLabel = (f: InventoryFileEntry, when: Intl.DateTimeFormat): string =>
  f.takenAt === undefined ? f.name : `${when.format(Date.parse(f.takenAt))} — ${f.name}`

/**
 * Compare two inventory snapshots: choose the older and the newer (the two newest preselected), then read what
 * changed, filtered by category, kind, site and text. A change that names an item opens the file that holds it
 * there (the newer; the older for a removed item); "from" taken after "to" is pointed out, with a swap.
 */
export function DiffDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const [files, setFiles] = useState<Loaded<InventoryFileEntry[]>>({ state: 'loading' })
  const [pair, setPair] = useState<{ from: string | null; to: string | null }>({ from: null, to: null })
  useEffect(() => {
    let live = true
    inventoryFiles().then(
      (list) => {
        if (!live) return
        const comparable = comparableFiles(list)
        setFiles({ state: 'ready', value: comparable })
        const chosen = defaultPair(comparable)
        if (chosen !== undefined) setPair(chosen)
      },
      (error: unknown) => live && setFiles({ state: 'failed', error }),
    )
    return () => {
      live = false
    }
  }, [])
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  const options =
    files.state === 'ready' ? files.value.map((f) => ({ value: f.fileId, label: optionLabel(f, when) })) : []
  const open = (change: InventoryChange): void => {
    const { from, to } = pair
    const key = change.key
    if (from === null || to === null || key === undefined || files.state !== 'ready') return
    const fileId = fileToOpen(change.kind, { from, to })
    const file = files.value.find((f) => f.fileId === fileId)
    onClose()
    void openInventoryFile(fileId, key).then((outcome) => {
      if (outcome === 'missing')
        noteMissingItem({ subject: change.subject, fileId, file: file?.name ?? fileId })
    })
  }
  const backwards = files.state === 'ready' && reversed(files.value, pair)
  return (
    <Modal opened onClose={onClose} title={t('audit.diff.title')} size="95%">
      {files.state === 'loading' ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('audit.diff.loadingFiles')}</Text>
        </Group>
      ) : null}
      {files.state === 'failed' ? <Alert color="red">{describeError(files.error, t)}</Alert> : null}
      {files.state === 'ready' && files.value.length < 2 ? (
        <Text data-testid="diff-need-two">{t('audit.diff.needTwo')}</Text>
      ) : null}
      {files.state === 'ready' && files.value.length >= 2 ? (
        <Stack gap="md">
          <Group grow align="flex-end">
            <Select
              label={t('audit.diff.from')}
              data={options}
              value={pair.from}
              onChange={(from) => setPair((p) => ({ ...p, from }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('audit.diff.to')}
              data={options}
              value={pair.to}
              onChange={(to) => setPair((p) => ({ ...p, to }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          {backwards ? (
            <Alert color="orange" data-testid="diff-reversed">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm">{t('audit.diff.reversed')}</Text>
                <Button
                  size="xs"
                  variant="light"
                  color="orange"
                  onClick={() => setPair((p) => ({ from: p.to, to: p.from }))}
                >
                  {t('audit.diff.swap')}
                </Button>
              </Group>
            </Alert>
          ) : null}
          {pair.from !== null && pair.to !== null && pair.from === pair.to ? (
            <Text c="orange.8">{t('audit.diff.sameFile')}</Text>
          ) : null}
          {pair.from !== null && pair.to !== null && pair.from !== pair.to ? (
            <Comparison key={`${pair.from}→${pair.to}`} from={pair.from} to={pair.to} onOpen={open} />
          ) : null}
        </Stack>
      ) : null}
    </Modal>
  )
}

function Comparison({
  from,
  to,
  onOpen,
}: {
  from: string
  to: string
  onOpen: (change: InventoryChange) => void
}): ReactElement {
  const { t } = useTranslation()
  const [diff, setDiff] = useState<Loaded<InventoryDiff>>({ state: 'loading' })
  useEffect(() => {
    let live = true
    compareFiles(from, to).then(
      (value) => live && setDiff({ state: 'ready', value }),
      (error: unknown) => live && setDiff({ state: 'failed', error }),
    )
    return () => {
      live = false
    }
  }, [from, to])
  if (diff.state === 'loading')
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">{t('audit.diff.comparing')}</Text>
      </Group>
    )
  if (diff.state === 'failed') return <Alert color="red">{describeError(diff.error, t)}</Alert>
  return <Changes diff={diff.value} onOpen={onOpen} />
}

function Changes({
  diff,
  onOpen,
}: {
  diff: InventoryDiff
  onOpen: (change: InventoryChange) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [filter, setFilter] = useState<DiffFilter>(NO_FILTER)
  const text = useDeferredValue(filter.text)
  // What the text search reads, once per diff: a keystroke then only searches it.
  const indexed = useMemo(() => indexChanges(diff.changes), [diff.changes])
  const { shown, counts, kindCounts } = useMemo(
    () => filterChanges(indexed, { ...filter, text }),
    [indexed, filter, text],
  )
  const sites = useMemo(() => sitesOf(diff.changes), [diff.changes])
  const times = formatPair(diff.from.takenAt, diff.to.takenAt, i18n.language)
  const summary = t('audit.diff.summary', {
    count: diff.changes.length,
    n: new Intl.NumberFormat(i18n.language).format(diff.changes.length),
    ...times,
  })
  if (diff.changes.length === 0)
    return (
      <Alert
        color="green"
        data-testid="diff-empty"
        title={
          <Text fw={600} c="green.9">
            {t('audit.diff.empty')}
          </Text>
        }
      >
        <Text size="sm">{t('audit.diff.between', times)}</Text>
      </Alert>
    )
  return (
    <Stack gap="sm">
      <Text size="sm" data-testid="diff-summary">
        {summary}
        {shown.length === diff.changes.length
          ? ''
          : ` — ${t('audit.diff.shown', { count: shown.length, shown: new Intl.NumberFormat(i18n.language).format(shown.length) })}`}
      </Text>
      <Chip.Group
        multiple
        value={[...filter.categories]}
        onChange={(v) => setFilter((f) => ({ ...f, categories: new Set(v as ChangeCategory[]) }))}
      >
        <Group gap={6} role="group" aria-label={t('audit.diff.category')}>
          {CATEGORIES.map((c) => (
            <Chip key={c} value={c} size="xs" disabled={counts[c] === 0 && !filter.categories.has(c)}>
              {`${t(`audit.diff.categories.${c}`)} ${counts[c]}`}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Chip.Group
          multiple
          value={[...filter.kinds]}
          onChange={(v) => setFilter((f) => ({ ...f, kinds: new Set(v as ChangeKind[]) }))}
        >
          <Group gap={6} role="group" aria-label={t('audit.diff.kind')}>
            {KINDS.map((k) => (
              <Chip
                key={k}
                value={k}
                size="xs"
                variant="outline"
                disabled={kindCounts[k] === 0 && !filter.kinds.has(k)}
              >
                {`${t(`audit.diff.kinds.${k}`)} ${kindCounts[k]}`}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Select
          size="xs"
          label={t('audit.diff.site')}
          data={[
            { value: ALL_SITES, label: t('audit.diff.all') },
            ...sites.map((s) => ({ value: s, label: s })),
          ]}
          value={filter.site ?? ALL_SITES}
          onChange={(v) => setFilter((f) => ({ ...f, site: v === null || v === ALL_SITES ? undefined : v }))}
          allowDeselect={false}
          w={180}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          size="xs"
          style={{ flex: 1, minWidth: 220 }}
          label={t('audit.diff.text')}
          placeholder={t('audit.diff.textPlaceholder')}
          leftSection={<Search size={14} aria-hidden="true" />}
          value={filter.text}
          onChange={(e) => {
            const value = e.currentTarget.value
            setFilter((f) => ({ ...f, text: value }))
          }}
        />
      </Group>
      {shown.length === 0 ? (
        <Text c="dimmed" data-testid="diff-no-match">
          {t('audit.diff.noMatch')}
        </Text>
      ) : (
        <ChangesTable changes={shown} onOpen={onOpen} />
      )}
    </Stack>
  )
}
