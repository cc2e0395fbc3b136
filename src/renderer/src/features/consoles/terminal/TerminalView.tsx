import '@xterm/xterm/css/xterm.css'

import { ActionIcon, Tooltip } from '@mantine/core'
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { Terminal } from '@xterm/xterm'
import { AArrowDown, AArrowUp, Search } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ConsoleViewProps } from '../console-view-props'
import { ConsoleStatus } from '../ConsoleStatus'
import { isWorkspaceKey } from '../workspace-keys'
import { copyText } from './clipboard'
import { FindBar } from './FindBar'
import { loadFontSize, saveFontSize, stepFontSize } from './font-size'
import { openTerminalLink } from './links'
import { bridgeTerminal } from './terminal-bridge'

const FONT_FAMILY = "'DejaVu Sans Mono', 'Liberation Mono', 'Noto Color Emoji', Menlo, Consolas, monospace"

/**
 * A terminal console (node shell, container console, VM serial port) in xterm.js. The Terminal lives in this
 * component (never in a store); each stream it is given is wired by {@link bridgeTerminal}. A stream of the
 * same session (a window taking the console back) replays main's scrollback, so the screen is reset first; a
 * reconnect is a new session and only gets a separating line.
 */
export function TerminalView({ info, local, stream, visible, onRetry }: ConsoleViewProps): ReactElement {
  const { t } = useTranslation()
  // The element, the Terminal and its addons belong to this component; the addons are made once with it.
  const [host, setHost] = useState<HTMLDivElement | null>(null)
  const term = useRef<Terminal | undefined>(undefined)
  const [fit] = useState(() => new FitAddon())
  const [search] = useState(() => new SearchAddon())
  const [fontSize, setFontSize] = useState(loadFontSize)
  const [finding, setFinding] = useState(false)
  const shown = useRef<number | undefined>(undefined)
  const reconnects = useRef(info.reconnects)
  useEffect(() => {
    reconnects.current = info.reconnects
  }, [info.reconnects])

  useEffect(() => {
    if (host === null) return
    const created = new Terminal({
      allowProposedApi: true,
      fontFamily: FONT_FAMILY,
      fontSize: loadFontSize(),
      scrollback: 10_000,
      cursorBlink: true,
      theme: { background: '#1e1e1e' },
    })
    created.loadAddon(fit)
    created.loadAddon(search)
    created.loadAddon(new WebLinksAddon(openTerminalLink))
    created.loadAddon(new Unicode11Addon())
    created.unicode.activeVersion = '11'
    // The workspace's own keys are not the shell's: xterm leaves them to the window. A key already held when
    // the terminal took the focus (the Enter that opened it) repeats into nothing: only keys pressed here type.
    const keysDown = new Set<string>()
    created.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keyup') keysDown.delete(event.code)
      else if (event.type === 'keydown') {
        if (event.repeat && !keysDown.has(event.code)) return false
        keysDown.add(event.code)
      }
      return !isWorkspaceKey(event)
    })
    // Copy on select, but only what the mouse selected: a search selects its matches too, and must not
    // overwrite the clipboard. A selection changed between a press and a release over the terminal is copied.
    let pressed = false
    let selected = false
    const selection = created.onSelectionChange(() => {
      selected = true
    })
    const onMouseDown = (): void => {
      pressed = true
      selected = false
    }
    const onMouseUp = (): void => {
      const copy = pressed && selected
      pressed = false
      selected = false
      if (!copy) return
      const text = created.getSelection()
      if (text !== '') void copyText(text)
    }
    host.addEventListener('mousedown', onMouseDown)
    host.addEventListener('mouseup', onMouseUp)
    created.open(host)
    const observer = new ResizeObserver(() => {
      if (host.offsetWidth > 0 && host.offsetHeight > 0) fit.fit()
    })
    observer.observe(host)
    term.current = created
    shown.current = undefined
    return () => {
      observer.disconnect()
      selection.dispose()
      host.removeEventListener('mousedown', onMouseDown)
      host.removeEventListener('mouseup', onMouseUp)
      term.current = undefined
      created.dispose()
    }
  }, [host, fit, search])

  useEffect(() => {
    const current = term.current
    if (current === undefined || stream === undefined) return
    // The same session again (taken back from another window): main replays its scrollback from the start.
    if (shown.current === reconnects.current) current.reset()
    else if (shown.current !== undefined)
      current.write(`\r\n\x1b[2m— ${t('consoles.reconnected')} —\x1b[0m\r\n`)
    shown.current = reconnects.current
    return bridgeTerminal(current, stream)
    // A new stream is wired once, in the words of the language at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, stream])

  useEffect(() => {
    const current = term.current
    if (current === undefined) return
    current.options.fontSize = fontSize
    saveFontSize(fontSize)
    if (visible && host !== null && host.offsetWidth > 0) fit.fit()
  }, [host, fit, fontSize, visible])

  useEffect(() => {
    if (visible && !finding) term.current?.focus()
  }, [host, visible, finding])

  // A closed console takes no keys and shows no live cursor; its screen stays for reading and copying.
  const closed = info.state === 'closed'
  useEffect(() => {
    const current = term.current
    if (current === undefined) return
    current.options.disableStdin = closed
    current.options.cursorBlink = !closed
    current.options.cursorInactiveStyle = closed ? 'none' : 'outline'
    if (closed) current.blur()
  }, [host, closed])

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'f') {
      event.preventDefault()
      setFinding(true)
    }
  }

  return (
    <div className="console-view" data-console-kind="terminal" onKeyDown={onKeyDown}>
      <ConsoleStatus info={info} local={local} onRetry={onRetry}>
        <Tooltip label={t('consoles.terminal.find')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('consoles.terminal.find')}
            onClick={() => setFinding(true)}
          >
            <Search size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('consoles.terminal.smaller')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('consoles.terminal.smaller')}
            onClick={() => setFontSize((s) => stepFontSize(s, -1))}
          >
            <AArrowDown size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('consoles.terminal.larger')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('consoles.terminal.larger')}
            onClick={() => setFontSize((s) => stepFontSize(s, 1))}
          >
            <AArrowUp size={15} />
          </ActionIcon>
        </Tooltip>
      </ConsoleStatus>
      {finding ? (
        <FindBar
          search={search}
          onClose={() => {
            setFinding(false)
            term.current?.focus()
          }}
        />
      ) : null}
      <div ref={setHost} className="console-terminal" data-testid="terminal" />
    </div>
  )
}
