import { ActionIcon, Loader, Tooltip } from '@mantine/core'
import { CircleCheck, CircleX, ExternalLink, X } from 'lucide-react'
import type { DragEvent, ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { requestClose } from '../../stores/console-actions'
import { useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { CHOICE_ICONS } from './choice-icons'
import { choiceOf, consoleTitle } from './console-title'
import { detachConsole } from './detach'
import { siteColour } from './site-colour'

const DRAG_TYPE = 'application/x-pvedesk-console'

export const tabId = (id: string): string => `console-tab-${id}`
export const panelId = (id: string): string => `console-panel-${id}`

/**
 * One console's tab: the site's colour down its left edge, the cluster's colour dot, the state glyph, the
 * guest (name and VMID) or node, cluster and node below; detach and close buttons. A middle click closes it;
 * it can be dragged onto another tab to take its place.
 */
export function ConsoleTab({ consoleId, index }: { consoleId: string; index: number }): ReactElement | null {
  const { t } = useTranslation()
  const info = useConsoleStore((s) => s.consoles[consoleId])
  const active = useConsoleStore((s) => s.active === consoleId)
  const elsewhere = useConsoleStore((s) => s.local[consoleId]?.attachment === 'elsewhere')
  const summary = useFleetStore((s) => (info === undefined ? undefined : s.clusters[info.clusterId]?.summary))
  if (info === undefined) return null
  const { title, where, site, label } = consoleTitle(info, summary, t)
  const Kind = CHOICE_ICONS[choiceOf(info)]
  const state = t(`consoles.state.${info.state}`)
  const onDrop = (event: DragEvent): void => {
    const moved = event.dataTransfer.getData(DRAG_TYPE)
    if (moved === '' || moved === consoleId) return
    event.preventDefault()
    useConsoleStore.getState().move(moved, index)
  }
  return (
    <div
      className="console-tab"
      data-active={active}
      data-state={info.state}
      data-console-id={consoleId}
      style={{ borderLeftColor: site === undefined ? 'transparent' : siteColour(site) }}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, consoleId)
        event.dataTransfer.effectAllowed = 'move'
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault()
      }}
      onDrop={onDrop}
      onMouseDown={(event) => {
        // No auto-scroll on a middle press: the middle click closes.
        if (event.button === 1) event.preventDefault()
      }}
      onAuxClick={(event) => {
        if (event.button === 1) requestClose(consoleId)
      }}
    >
      <button
        type="button"
        role="tab"
        id={tabId(consoleId)}
        aria-selected={active}
        aria-controls={panelId(consoleId)}
        aria-label={`${label}, ${state}${elsewhere ? `, ${t('consoles.elsewhere')}` : ''}`}
        title={label}
        tabIndex={active ? 0 : -1}
        className="console-tab-main"
        onClick={() => useConsoleStore.getState().activate(consoleId)}
      >
        <StateGlyph state={info.state} label={state} />
        {summary?.color === undefined ? null : (
          <span className="console-tab-dot" style={{ background: summary.color }} aria-hidden="true" />
        )}
        <Kind size={13} aria-hidden="true" opacity={0.7} />
        <span className="console-tab-text">
          <span className="console-tab-title">{title}</span>
          <span className="console-tab-where">{elsewhere ? t('consoles.elsewhereShort') : where}</span>
        </span>
      </button>
      <Tooltip label={t('consoles.detach')}>
        <ActionIcon
          size="xs"
          variant="subtle"
          color="gray"
          aria-label={`${t('consoles.detach')}: ${title}`}
          onClick={() => detachConsole(consoleId)}
        >
          <ExternalLink size={12} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('consoles.close')}>
        <ActionIcon
          size="xs"
          variant="subtle"
          color="gray"
          aria-label={`${t('consoles.close')}: ${title}`}
          onClick={() => requestClose(consoleId)}
        >
          <X size={12} />
        </ActionIcon>
      </Tooltip>
    </div>
  )
}

function StateGlyph({ state, label }: { state: string; label: string }): ReactElement {
  const glyph =
    state === 'connecting' ? (
      <Loader size={11} />
    ) : state === 'connected' ? (
      <CircleCheck size={12} color="var(--mantine-color-green-6)" />
    ) : (
      <CircleX size={12} color="var(--mantine-color-red-6)" />
    )
  return (
    <span className="console-tab-state" data-state={state} title={label}>
      {glyph}
    </span>
  )
}
