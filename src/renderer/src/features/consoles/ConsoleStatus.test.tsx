import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import type { LocalConsole } from '../../stores/console-store'
import { ConsoleStatus } from './ConsoleStatus'
import { consoleInfo, FakeConsoleMain } from './test-console-main'

const show = (info: ReturnType<typeof consoleInfo>, local?: LocalConsole, onRetry?: () => void): void => {
  render(
    <MantineProvider>
      <ConsoleStatus info={info} local={local} onRetry={onRetry}>
        <button type="button">a tool</button>
      </ConsoleStatus>
    </MantineProvider>,
  )
}

describe('a console’s state line', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('says why a console closed, in French, with PVE’s words, and Reconnect connects it again', async () => {
    const main = new FakeConsoleMain()
    main.add(consoleInfo())
    window.pveDesk = main.api()
    show(
      consoleInfo({
        state: 'closed',
        endReason: 'failed',
        error: {
          code: 'console_unavailable',
          message: 'unable to find a serial interface',
          detail: { reason: 'no_serial' },
        },
      }),
    )
    expect(screen.getByTestId('console-end').textContent).toBe(
      'fermée — Elle n’a pas pu s’ouvrir. Cette VM n’a pas de port série (serial0)\u00a0: ouvrez plutôt son Écran, ou ajoutez-lui un port série. unable to find a serial interface',
    )
    fireEvent.click(screen.getByRole('button', { name: 'Reconnecter' }))
    await Promise.resolve()
    expect(main.calls).toEqual([{ method: 'reconnect', request: { consoleId: 'k1' } }])
  })

  it('says a lost connection in words, and shows the login hint when PVE puts a login first', () => {
    show(consoleInfo({ state: 'closed', endReason: 'lost' }))
    expect(screen.getByTestId('console-end').textContent).toBe('fermée — La connexion au nœud a été perdue.')
    cleanup()
    show(consoleInfo({ state: 'connected', notice: 'login_prompt' }))
    expect(screen.getByRole('status').textContent).toMatch(/^connectée/)
    expect(screen.getByTestId('login-hint')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Reconnecter' })).toBeNull()
  })

  it('offers Retry when attaching a connected console failed, and keeps the tools out of the live region', () => {
    let retried = 0
    show(
      consoleInfo({ state: 'connected' }),
      { attachment: 'none', attachError: { code: 'internal', message: 'boom' } },
      () => (retried += 1),
    )
    expect(screen.getByRole('status').textContent).not.toContain('a tool')
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }))
    expect(retried).toBe(1)
  })
})
