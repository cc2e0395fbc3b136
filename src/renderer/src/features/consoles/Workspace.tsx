import { ActionIcon, Tooltip } from '@mantine/core'
import { History, Info } from 'lucide-react'
import type { KeyboardEvent, ReactElement, ReactNode } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { closeConsole } from '../../stores/console-actions'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { ConsolePanel } from './ConsolePanel'
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
  const active = useConsoleStore((s) => s.active)
  const [history, setHistory] = useState(false)

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      const key = workspaceKey(event)
      const store = useConsoleStore.getState()
      if (key === undefined || key === 'find') return
      event.preventDefault()
      event.stopPropagation()
      if (key === 'next') store.cycle(1)
      else if (key === 'previous') store.cycle(-1)
      else if (key === 'moveRight' || key === 'moveLeft') {
        const at = store.order.indexOf(store.active)
        if (at >= 0) store.move(store.active, at + (key === 'moveRight' ? 1 : -1))
      } else if (store.active !== DETAILS_TAB) void closeConsole(store.active)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  const onTabsKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    event.preventDefault()
    const store = useConsoleStore.getState()
    store.cycle(event.key === 'ArrowRight' ? 1 : -1)
    document.getElementById(tabIdOf(useConsoleStore.getState().active))?.focus()
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
          {order.map((id, index) => (
            <ConsoleTab key={id} consoleId={id} index={index} />
          ))}
        </div>
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
        hidden={active !== DETAILS_TAB}
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
          style={active === id ? undefined : { display: 'none' }}
        >
          <ConsolePanel consoleId={id} mode="workspace" visible={active === id} />
        </div>
      ))}
      {history ? <HistoryDialog onClose={() => setHistory(false)} /> : null}
    </div>
  )
}

const tabIdOf = (tab: string): string => (tab === DETAILS_TAB ? 'details-tab' : tabId(tab))
