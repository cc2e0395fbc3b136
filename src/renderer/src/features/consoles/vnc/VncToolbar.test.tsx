import type RFB from '@novnc/novnc'
import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ReactElement } from 'react'
import { useRef } from 'react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../../i18n'
import { consoleInfo } from '../test-console-main'
import { screenshotName } from './scaling'
import { TextDialog } from './TextDialog'
import { VncToolbar } from './VncToolbar'

const fakeRfb = (sent: number[] = []): RFB =>
  ({
    sendKey: (keysym: number, _code: string | null, down?: boolean) => {
      if (down === true) sent.push(keysym)
    },
    clipboardPasteFrom: () => undefined,
    focus: () => undefined,
  }) as unknown as RFB

function Harness({ rfb, viewOnly = false }: { rfb: RFB | undefined; viewOnly?: boolean }): ReactElement {
  const view = useRef<HTMLDivElement>(null)
  return (
    <div ref={view} data-testid="view">
      <VncToolbar
        info={consoleInfo({ kind: 'vnc', target: { type: 'qemu', node: 'n1', vmid: 101 } })}
        rfb={rfb}
        scaling="fit"
        onScaling={() => undefined}
        viewOnly={viewOnly}
        onViewOnly={() => undefined}
        fullScreenTarget={view}
      />
    </div>
  )
}

const wrap = (child: ReactElement): ReactElement => <MantineProvider>{child}</MantineProvider>

describe('the screen’s tools', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  afterEach(() => {
    cleanup()
    Reflect.deleteProperty(document, 'fullscreenElement')
  })

  it('shows the type-text dialog inside the full-screen element, where it can be seen', async () => {
    render(wrap(<Harness rfb={fakeRfb()} />))
    const view = screen.getByTestId('view')
    Object.defineProperty(document, 'fullscreenElement', { configurable: true, get: () => view })
    act(() => {
      document.dispatchEvent(new Event('fullscreenchange'))
    })
    fireEvent.click(screen.getByRole('button', { name: 'Type text (as key strokes)' }))
    const dialog = await screen.findByRole('dialog')
    expect(view.contains(dialog)).toBe(true)
  })

  it('says why the sending tools are off', () => {
    render(wrap(<Harness rfb={undefined} />))
    expect(screen.getByTestId('vnc-tools-off').textContent).toBe('Not connected')
    cleanup()
    render(wrap(<Harness rfb={fakeRfb()} viewOnly />))
    expect(screen.getByTestId('vnc-tools-off').textContent).toMatch(/^View only/)
  })

  it('names a screenshot by cluster, vmid, guest and local time', () => {
    const at = new Date(2026, 11, 1, 10, 30, 5)
    expect(screenshotName({ cluster: 'ACE', vmid: 101, name: 'naorlo web01' }, at)).toBe(
      'ACE-101-naorlo_web01-2026-12-01T10-30-05.png',
    )
    expect(screenshotName({ cluster: 'ACE', name: 'pve1' }, at)).toBe('ACE-pve1-2026-12-01T10-30-05.png')
  })
})

describe('the type-text dialog', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  afterEach(cleanup)

  const manual = (): ManualTimer => {
    const pending = new Map<number, () => void>()
    let id = 0
    return {
      pending,
      fire: () => {
        const [first] = [...pending.entries()]
        if (first === undefined) return
        pending.delete(first[0])
        first[1]()
      },
      timer: {
        set: (callback: () => void) => {
          id += 1
          pending.set(id, callback)
          return id
        },
        clear: (handle: unknown) => pending.delete(handle as number),
      },
    }
  }

  it('types paced, stops when closed, and says beforehand what the keymap cannot type', async () => {
    const sent: number[] = []
    const clock = manual()
    let closed = 0
    const { unmount } = render(
      wrap(<TextDialog mode="type" rfb={fakeRfb(sent)} onClose={() => (closed += 1)} timer={clock.timer} />),
    )
    const input = await screen.findByLabelText('Type text', { selector: 'input' })
    fireEvent.change(input, { target: { value: 'ab€c' } })
    expect(screen.getByTestId('untypable').textContent).toMatch(/^1 character cannot be typed/)
    fireEvent.click(screen.getByRole('button', { name: 'Type it' }))
    // One stroke now, the next only on the timer: no burst.
    expect(sent).toEqual([0x61])
    expect(screen.getByText('Typing… 1 of 3')).toBeTruthy()
    act(() => clock.fire?.())
    expect(sent).toEqual([0x61, 0x62])
    expect(closed).toBe(0)
    unmount()
    expect(clock.pending.size).toBe(0)
    expect(sent).toEqual([0x61, 0x62])
  })
})

interface ManualTimer {
  pending: Map<number, () => void>
  timer: { set: (callback: () => void) => number; clear: (handle: unknown) => boolean }
  fire?: () => void
  tick?: () => boolean
}
