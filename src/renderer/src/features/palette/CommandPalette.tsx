import { Badge, Text } from '@mantine/core'
import { Spotlight, createSpotlight } from '@mantine/spotlight'
import '@mantine/spotlight/styles.css'
import { Search } from 'lucide-react'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { useAddressStore } from '../../stores/address-store'
import { useCaptureStore } from '../../stores/capture-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useOverlayStore } from '../../stores/overlay-store'
import { useOffline, useShownFleet } from '../../stores/shown-fleet'
import { useTaskDock } from '../../stores/task-dock-store'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { requestAction } from '../actions/request-action'
import { resolveLanguage } from '../look/language'
import { systemLocale } from '../look/look-sync'
import { exportView } from '../search/export-view'
import { fleetFacts } from '../search/fleet-facts'
import type { PaletteCommands } from './palette-items'
import { paletteSections } from './palette-items'
import { revealInTree } from './reveal'

const [paletteStore, palette] = createSpotlight()

/** Where Ctrl+K belongs to what has the focus: a terminal (kill to the end of line) or a guest's screen. */
const NOT_HERE = '.xterm, .console-view, canvas'

/** Ctrl+K, or Cmd+K on macOS: nothing else held, not a held key repeating. */
export const isPaletteKey = (e: KeyboardEvent): boolean =>
  (e.key === 'k' || e.key === 'K' || e.code === 'KeyK') &&
  (e.ctrlKey || e.metaKey) &&
  !(e.ctrlKey && e.metaKey) &&
  !e.altKey &&
  !e.shiftKey &&
  !e.repeat

/**
 * The command palette (Ctrl+K / Cmd+K, also from the search box): guests by the search's syntax, nodes,
 * clusters, storage, saved views, the selected guest's actions and the app's commands, all from the keyboard
 * (↓ ↑ choose, Enter runs, Esc closes). Open and closed through the overlay store, so that opening the
 * shortcuts list closes it. Computes nothing while closed.
 */
export function CommandPalette(): ReactElement {
  const { t } = useTranslation()
  const opened = useOverlayStore((s) => s.palette)
  const [query, setQuery] = useState('')

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isPaletteKey(event)) return
      const target = event.target instanceof Element ? event.target : null
      if (target?.closest(NOT_HERE) != null) return
      event.preventDefault()
      const overlays = useOverlayStore.getState()
      overlays.openPalette(!overlays.palette)
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [])
  useEffect(() => {
    if (opened) palette.open()
    else palette.close()
  }, [opened])

  return (
    <Spotlight.Root
      store={paletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      scrollable
      maxHeight={480}
      onSpotlightClose={() => {
        useOverlayStore.getState().openPalette(false)
      }}
      aria-label={t('search.palette.label')}
    >
      <Spotlight.Search
        aria-label={t('search.palette.label')}
        placeholder={t('search.palette.placeholder')}
        leftSection={<Search size={16} aria-hidden="true" />}
      />
      <Spotlight.ActionsList>{opened ? <PaletteList query={query} /> : null}</Spotlight.ActionsList>
    </Spotlight.Root>
  )
}

const commandsWith = (t: TFunction): PaletteCommands => ({
  reveal: revealInTree,
  updateWorkspace: (change) => {
    useWorkspaceStore.getState().update(change)
  },
  openShortcuts: () => {
    useOverlayStore.getState().openShortcuts(true)
  },
  toggleDock: () => {
    useTaskDock.getState().toggle()
  },
  capture: () => {
    void useCaptureStore.getState().start()
  },
  exportCsv: () => {
    exportView(t)
  },
  openView: (query, grouping) => {
    useUiStore.getState().setFilter(query)
    useWorkspaceStore.getState().update((p) => ({ ...p, grouping }))
  },
  requestAction: (ref, kind) => {
    requestAction(ref, kind)
  },
})

function PaletteList({ query }: { query: string }): ReactElement {
  const { t } = useTranslation()
  const commands = useMemo(() => commandsWith(t), [t])
  const clusters = useShownFleet((s) => s.clusters)
  const trees = useShownFleet((s) => s.trees)
  const addresses = useAddressStore((s) => s.byGuest)
  const preferences = useWorkspaceStore((s) => s.preferences)
  const selected = useUiStore((s) => s.selected)
  const offline = useOffline()
  const run = useCaptureStore((s) => s.run)
  const liveClusters = useFleetStore((s) => Object.keys(s.clusters).length)
  const facts = useMemo(() => [...fleetFacts({ clusters, trees }, addresses)], [clusters, trees, addresses])
  const sections = paletteSections({
    query,
    fleet: { clusters, trees },
    facts,
    preferences,
    selected,
    offline,
    captureBlocked:
      run !== undefined
        ? t('audit.capture.busy')
        : liveClusters === 0
          ? t('audit.capture.noClusters')
          : undefined,
    systemLanguage: t(`look.language.${resolveLanguage('system', systemLocale())}`),
    t,
    commands,
  })
  if (sections.length === 0) return <Spotlight.Empty>{t('search.palette.nothing')}</Spotlight.Empty>
  return (
    <>
      {sections.map((section) => (
        <Spotlight.ActionsGroup key={section.id} label={section.title}>
          {section.items.map((item) => (
            <Spotlight.Action
              key={item.id}
              data-item={item.id}
              label={item.label}
              description={item.disabled === undefined ? item.description : item.disabled}
              disabled={item.disabled !== undefined}
              rightSection={
                item.current === true ? (
                  <Badge size="xs" variant="light">
                    {t('search.palette.current')}
                  </Badge>
                ) : undefined
              }
              onClick={item.run}
            />
          ))}
          {section.note === undefined ? null : (
            <Text size="xs" c="dimmed" px="md" py={4}>
              {section.note}
            </Text>
          )}
        </Spotlight.ActionsGroup>
      ))}
    </>
  )
}
