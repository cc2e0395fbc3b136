import { ActionIcon, Button, Group, Modal, Text, Tooltip } from '@mantine/core'
import { History, Info } from 'lucide-react'
import type { KeyboardEvent, ReactElement, ReactNode } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { closeConsole, requestClose } from '../../stores/console-actions'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { useOffline } from '../../stores/shown-fleet'
import { LiveConsolesWaiting } from '../inventory/LiveConsolesWaiting'
import { ConsolePanel } from './ConsolePanel'
import { consoleTitle } from './console-title'
import { ConsoleTab, panelId, tabId } from './ConsoleTab'
import { HistoryDialog } from './HistoryDialog'
import { workspaceKey } from './workspace-keys'

/**
 * The right-hand area: a fixed Details tab (the selection's details, `details`) and one tab per console, across
 * clusters. Ctrl+PageDown / Ctrl+PageUp switch tabs, Ctrl+Shift+PageDown / PageUp move the active one,
 * Ctrl+Shift+W (or a middle click) closes it — taken at the window before a terminal or a screen sees them.
 */
export function Workspace({ details }: { details: ReactNode }): ReactElement {
  const { t } = useTranslation()
  const order = useConsoleStore((s) => s.order)
  // While an inventory snapshot is shown, the live consoles wait out of sight (connected, not unmounted).
  const offline = useOffline()
  const active = useConsoleStore((s) => s.active)
  const [history, setHistory] = useState(false)
  const tabsFocus = useConsoleStore((s) => s.tabsFocus)
  const confirming = useConsoleStore((s) =>
    s.confirming === undefined ? undefined : s.consoles[s.confirming],
  )
  const firstFocus = useRef(tabsFocus)
  const summary = useFleetStore((s) =>
    confirming === undefined ? undefined : s.clusters[confirming.clusterId]?.summary,
  )
  const confirmTitle = confirming === undefined ? undefined : consoleTitle(confirming, summary, t)

  // After this window closed a console, the focus goes to the tab strip (this effect runs after the
  // neighbour's view took it on showing): a key meant for the closed shell must not reach another one.
  useEffect(() => {
    if (tabsFocus === firstFocus.current) return
    focusTab(useConsoleStore.getState().active)
  }, [tabsFocus])

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      const key = workspaceKey(event)
      const store = useConsoleStore.getState()
      if (key === undefined || key === 'find') return
      if (useInventoryStore.getState().opened !== undefined) return
      // A dialog (the close confirmation, type text, the history) keeps its keys.
      if (document.querySelector('[aria-modal="true"]') !== null) return
      event.preventDefault()
      event.stopPropagation()
      if (key === 'next' || key === 'previous') {
        store.cycle(key === 'next' ? 1 : -1)
        // A console's view takes the focus on showing; Details has none to take, the hidden view must not keep it.
        if (useConsoleStore.getState().active === DETAILS_TAB) focusTab(DETAILS_TAB)
      } else if (key === 'moveRight' || key === 'moveLeft') {
        const at = store.order.indexOf(store.active)
        if (at >= 0) store.move(store.active, at + (key === 'moveRight' ? 1 : -1))
      } else if (store.active !== DETAILS_TAB) requestClose(store.active)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  // Not closed after all: back to the tab strip, on the console's tab (the dialog does not return the focus).
  const cancelClose = (): void => {
    useConsoleStore.getState().setConfirming(undefined)
    focusTab(useConsoleStore.getState().active)
  }

  const onTabsKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const store = useConsoleStore.getState()
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft')
      store.cycle(event.key === 'ArrowRight' ? 1 : -1)
    else if (event.key === 'Home') store.activate(DETAILS_TAB)
    else if (event.key === 'End') store.activate(store.order.at(-1) ?? DETAILS_TAB)
    else return
    event.preventDefault()
    focusTab(useConsoleStore.getState().active)
  }

  return (
    <div className="workspace">
      <div className="workspace-tabs">
        <div
          role="tablist"
          aria-label={t('consoles.workspace')}
          className="workspace-tablist"
          onKeyDown={onTabsKey}
        >
          <button
            type="button"
            role="tab"
            id={tabIdOf(DETAILS_TAB)}
            aria-selected={active === DETAILS_TAB}
            aria-controls="details-panel"
            tabIndex={active === DETAILS_TAB ? 0 : -1}
            className="console-tab console-tab-details"
            data-active={active === DETAILS_TAB}
            onClick={() => useConsoleStore.getState().activate(DETAILS_TAB)}
          >
            <Info size={13} aria-hidden="true" />
            {t('consoles.details')}
          </button>
          {offline ? null : order.map((id, index) => <ConsoleTab key={id} consoleId={id} index={index} />)}
        </div>
        {offline && order.length > 0 ? <LiveConsolesWaiting count={order.length} /> : null}
        <Tooltip label={t('consoles.history.title')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('consoles.history.title')}
            onClick={() => setHistory(true)}
            ml="auto"
          >
            <History size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
      <div
        id="details-panel"
        role="tabpanel"
        aria-labelledby={tabIdOf(DETAILS_TAB)}
        className="workspace-details"
        hidden={active !== DETAILS_TAB && !offline}
      >
        {details}
      </div>
      {order.map((id) => (
        <div
          key={id}
          id={panelId(id)}
          role="tabpanel"
          aria-labelledby={tabId(id)}
          className="workspace-console"
          data-active={active === id}
          // Hidden, not unmounted: the terminal keeps its screen and the screen its session.
          style={active === id && !offline ? undefined : { display: 'none' }}
        >
          <ConsolePanel consoleId={id} mode="workspace" visible={active === id && !offline} />
        </div>
      ))}
      {history ? <HistoryDialog onClose={() => setHistory(false)} /> : null}
      <Modal
        opened={confirming !== undefined}
        onClose={cancelClose}
        title={t('consoles.confirmClose.title')}
        size="sm"
        // The focus goes to the tab strip after a close (above), not back into the closed console's view.
        returnFocus={false}
      >
        <Text size="sm">
          {confirmTitle === undefined
            ? null
            : t('consoles.confirmClose.text', { title: confirmTitle.title, where: confirmTitle.where })}
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={cancelClose}>
            {t('clusters.cancel')}
          </Button>
          <Button
            color="red"
            data-autofocus
            onClick={() => {
              if (confirming !== undefined) void closeConsole(confirming.consoleId)
            }}
          >
            {t('consoles.confirmClose.confirm')}
          </Button>
        </Group>
      </Modal>
    </div>
  )
}

const tabIdOf = (tab: string): string => (tab === DETAILS_TAB ? 'details-tab' : tabId(tab))

const focusTab = (tab: string): void => {
  document.getElementById(tabIdOf(tab))?.focus()
}
