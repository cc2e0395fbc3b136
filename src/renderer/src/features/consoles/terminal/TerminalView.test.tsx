import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../../i18n'
import { consoleInfo, FakeStream } from '../test-console-main'
import { TerminalView } from './TerminalView'

/** xterm.js stands in for itself here as a recorder: happy-dom cannot lay a terminal out. */
const { FakeXterm, Addon, LinksAddon, links, copied, terminals } = vi.hoisted(() => {
  const terminals: InstanceType<typeof FakeXterm>[] = []
  const none = { dispose: (): void => undefined }
  class FakeXterm {
    cols = 100
    rows = 30
    options: Record<string, unknown>
    written: (Uint8Array | string)[] = []
    resets = 0
    unicode = { activeVersion: '6' }
    constructor(options: Record<string, unknown>) {
      this.options = { ...options }
      terminals.push(this)
    }
    loadAddon(): void {}
    keyHandler: ((event: KeyboardEvent) => boolean) | undefined
    attachCustomKeyEventHandler(handler: (event: KeyboardEvent) => boolean): void {
      this.keyHandler = handler
    }
    selectionListener: (() => void) | undefined
    selection = ''
    onSelectionChange(listener: () => void): typeof none {
      this.selectionListener = listener
      return none
    }
    onData(): typeof none {
      return none
    }
    onBinary(): typeof none {
      return none
    }
    onResize(): typeof none {
      return none
    }
    getSelection(): string {
      return this.selection
    }
    /** What xterm does when the mouse or a search selects. */
    select(text: string): void {
      this.selection = text
      this.selectionListener?.()
    }
    open(): void {}
    write(data: Uint8Array | string, callback?: () => void): void {
      this.written.push(data)
      callback?.()
    }
    reset(): void {
      this.resets++
    }
    focus(): void {}
    blur(): void {}
    dispose(): void {}
  }
  class Addon {
    fit(): void {}
    onDidChangeResults(): typeof none {
      return none
    }
    clearDecorations(): void {}
  }
  const links: unknown[] = []
  class LinksAddon extends Addon {
    constructor(handler: unknown) {
      super()
      links.push(handler)
    }
  }
  const copied: string[] = []
  return { FakeXterm, Addon, LinksAddon, links, copied, terminals }
})
vi.mock('./clipboard', () => ({
  copyText: (text: string) => {
    copied.push(text)
    return Promise.resolve(true)
  },
}))
vi.mock('@xterm/xterm', () => ({ Terminal: FakeXterm }))
vi.mock('@xterm/xterm/css/xterm.css', () => ({}))
vi.mock('@xterm/addon-fit', () => ({ FitAddon: Addon }))
vi.mock('@xterm/addon-search', () => ({ SearchAddon: Addon }))
vi.mock('@xterm/addon-web-links', () => ({ WebLinksAddon: LinksAddon }))
vi.mock('@xterm/addon-unicode11', () => ({ Unicode11Addon: Addon }))

const view = (
  info: ReturnType<typeof consoleInfo>,
  stream: FakeStream | undefined,
): ReturnType<typeof render> =>
  render(
    <MantineProvider>
      <TerminalView info={info} local={undefined} stream={stream} visible />
    </MantineProvider>,
  )

describe('the terminal view', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
    // happy-dom may lack it; the type says it is always there.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    globalThis.ResizeObserver ??= class {
      observe(): void {}
      disconnect(): void {}
      unobserve(): void {}
    } as unknown as typeof ResizeObserver
  })
  afterEach(() => {
    cleanup()
    terminals.length = 0
    copied.length = 0
    window.localStorage.clear()
  })

  it('copies what the mouse selected, not the matches a search selects', () => {
    view(consoleInfo(), undefined)
    const term = terminals[0]
    const host = screen.getByTestId('terminal')
    act(() => term?.select('match'))
    expect(copied).toEqual([])
    fireEvent.mouseUp(host)
    fireEvent.mouseDown(host)
    act(() => term?.select('root@dns01'))
    fireEvent.mouseUp(host)
    expect(copied).toEqual(['root@dns01'])
    // A click that changes nothing copies nothing again.
    fireEvent.mouseDown(host)
    fireEvent.mouseUp(host)
    expect(copied).toEqual(['root@dns01'])
  })

  it('types nothing for a key that was already held when it opened (the Enter that opened it)', () => {
    view(consoleInfo(), undefined)
    const handler = terminals[0]?.keyHandler
    const key = (type: string, repeat: boolean): boolean | undefined =>
      handler?.(new KeyboardEvent(type, { key: 'Enter', code: 'Enter', repeat }))
    expect(key('keydown', true)).toBe(false)
    expect(key('keydown', true)).toBe(false)
    key('keyup', false)
    expect(key('keydown', false)).toBe(true)
    // Held here: its repeats type, as in any terminal.
    expect(key('keydown', true)).toBe(true)
  })

  it('opens an http(s) link in the browser, and nothing else', () => {
    view(consoleInfo(), undefined)
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const handler = links.at(-1) as (event: MouseEvent, uri: string) => void
    handler(new MouseEvent('click'), 'https://pve.example:8006/')
    handler(new MouseEvent('click'), 'file:///etc/shadow')
    handler(new MouseEvent('click'), 'javascript:alert(1)')
    expect(open.mock.calls).toEqual([['https://pve.example:8006/', '_blank', 'noopener']])
    open.mockRestore()
  })

  it('writes what main sends into its own xterm, sends its size, and starts again clean on the same session', () => {
    const first = new FakeStream('w', () => undefined)
    const { rerender } = view(consoleInfo(), first)
    const term = terminals[0]
    expect(term?.unicode.activeVersion).toBe('11')
    expect(first.sent[0]).toEqual({ type: 'resize', cols: 100, rows: 30 })
    act(() => first.push(new TextEncoder().encode('root@dns01:~# ')))
    expect(term?.written).toEqual([new TextEncoder().encode('root@dns01:~# ')])
    // Taken back from another window: main replays the scrollback, so the screen is reset first.
    const again = new FakeStream('w', () => undefined)
    rerender(
      <MantineProvider>
        <TerminalView info={consoleInfo()} local={undefined} stream={again} visible />
      </MantineProvider>,
    )
    expect(term?.resets).toBe(1)
    // Reconnected (a new session): a separating line instead, the old output stays readable above it.
    const reconnected = new FakeStream('w', () => undefined)
    rerender(
      <MantineProvider>
        <TerminalView info={consoleInfo({ reconnects: 1 })} local={undefined} stream={reconnected} visible />
      </MantineProvider>,
    )
    expect(term?.resets).toBe(1)
    expect(String(term?.written.at(-1))).toContain('connected again')
  })

  it('keeps the font size the user chose, and takes no keys once closed', () => {
    view(consoleInfo({ state: 'closed', endReason: 'lost' }), undefined)
    const term = terminals[0]
    fireEvent.click(screen.getByRole('button', { name: 'Larger text' }))
    fireEvent.click(screen.getByRole('button', { name: 'Larger text' }))
    expect(term?.options.fontSize).toBe(16)
    expect(window.localStorage.getItem('pvedesk.terminal.fontSize')).toBe('16')
    expect(term?.options.disableStdin).toBe(true)
    cleanup()
    view(consoleInfo(), undefined)
    expect(terminals[1]?.options.fontSize).toBe(16)
    expect(terminals[1]?.options.disableStdin).toBe(false)
  })
})
