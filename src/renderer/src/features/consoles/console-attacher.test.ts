import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { startConsoles, stopConsoles } from '../../stores/console-actions'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import type { ConsoleStream } from './console-attacher'
import { ConsoleAttacher } from './console-attacher'
import { consoleInfo, FakeConsoleMain } from './test-console-main'

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** An attacher fed by the store, as its view's hook feeds it. */
function follow(mode: 'workspace' | 'window'): {
  attacher: ConsoleAttacher
  streams: (ConsoleStream | undefined)[]
  stop: () => void
} {
  const streams: (ConsoleStream | undefined)[] = []
  const attacher = new ConsoleAttacher('k1', mode, (s) => streams.push(s))
  const update = (): void => {
    const info = useConsoleStore.getState().consoles.k1
    if (info !== undefined) attacher.update(info)
  }
  const unsubscribe = useConsoleStore.subscribe(update)
  update()
  return {
    attacher,
    streams,
    stop: () => {
      unsubscribe()
      attacher.dispose()
    },
  }
}

const attachment = (): string | undefined => useConsoleStore.getState().local.k1?.attachment

describe('attaching a console from a window', () => {
  let main: FakeConsoleMain
  beforeEach(async () => {
    useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: false })
    main = new FakeConsoleMain()
    main.add(consoleInfo())
    window.pveDesk = main.api()
    await startConsoles()
  })
  afterEach(() => {
    stopConsoles()
    delete window.pveDesk
  })

  it('attaches a console nobody holds, and gives its view the stream', async () => {
    const ws = follow('workspace')
    await settle()
    expect(attachment()).toBe('here')
    expect(main.holder('k1')?.window).toBe('workspace')
    expect(ws.streams).toEqual([main.holder('k1')])
    ws.stop()
  })

  it('detach and put back: the window takes it, the tab says so, and gets it back when the window lets go', async () => {
    const ws = follow('workspace')
    await settle()
    // The detached window attaches (its own renderer, here the same fake main).
    main.current = 'detached'
    const opened = await window.pveDesk?.openConsoleAttach({ consoleId: 'k1' })
    await settle()
    expect(attachment()).toBe('elsewhere')
    expect(ws.streams.at(-1)).toBeUndefined()
    // It does not steal it back by itself.
    expect(main.holder('k1')?.window).toBe('detached')
    // Put back: the detached window closes its stream; main says nobody holds it; the workspace attaches.
    main.current = 'workspace'
    if (opened?.ok === true) opened.value.close()
    await settle()
    expect(attachment()).toBe('here')
    expect(main.holder('k1')?.window).toBe('workspace')
    ws.stop()
  })

  it('"bring it back" takes the console from the other window', async () => {
    main.change('k1', { attached: true })
    const ws = follow('workspace')
    await settle()
    expect(attachment()).toBe('elsewhere')
    expect(main.calls.filter((c) => c.method === 'attach')).toHaveLength(0)
    ws.attacher.take()
    await settle()
    expect(attachment()).toBe('here')
    ws.stop()
  })

  it('a detached window takes the console at once, and lets go on Put back without taking it again', async () => {
    const ws = follow('workspace')
    await settle()
    main.current = 'detached'
    const win = new ConsoleAttacher('k1', 'window', () => undefined)
    win.update(useConsoleStore.getState().consoles.k1 ?? consoleInfo())
    await settle()
    expect(main.holder('k1')?.window).toBe('detached')
    main.current = 'workspace'
    win.release()
    win.update(useConsoleStore.getState().consoles.k1 ?? consoleInfo())
    await settle()
    expect(main.holder('k1')?.window).toBe('workspace')
    win.dispose()
    ws.stop()
  })

  it('a refused attach is told and not retried until the console changes (a reconnect)', async () => {
    main.refuseAttach = { code: 'not_found', message: 'no such console' }
    const ws = follow('workspace')
    await settle()
    expect(useConsoleStore.getState().local.k1).toEqual({
      attachment: 'none',
      attachError: { code: 'not_found', message: 'no such console' },
    })
    main.change('k1', { user: 'root@pam' })
    await settle()
    expect(main.calls.filter((c) => c.method === 'attach')).toHaveLength(1)
    main.refuseAttach = undefined
    main.change('k1', { since: 5 })
    await settle()
    expect(attachment()).toBe('here')
    ws.stop()
  })

  it('leaves a closed console alone, and attaches again after Reconnect', async () => {
    main.change('k1', { state: 'closed', endReason: 'lost', since: 2 })
    const ws = follow('workspace')
    await settle()
    expect(main.calls.filter((c) => c.method === 'attach')).toHaveLength(0)
    await window.pveDesk?.consoleReconnect({ consoleId: 'k1' })
    await settle()
    expect(attachment()).toBe('here')
    ws.stop()
  })
})
