import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions, PveDeskApi } from '../../../../shared/ipc/api'
import type { ClusterSummary } from '../../../../shared/model/fleet'
import { initI18n } from '../../i18n'
import { ClusterForm } from './ClusterForm'
import { emptyDraft } from './cluster-draft'
import { EndpointStep } from './EndpointStep'
import { LoginStep } from './LoginStep'

const PIN = `${'AB:'.repeat(31)}AB`

/** A bridge whose calls never answer, as a node that hangs: what matters is whether the page cancels them. */
function hangingBridge(): { started: string[]; cancelled: string[] } {
  const started: string[] = []
  const cancelled: string[] = []
  const hang =
    (name: string) =>
    (_request: unknown, options?: CallOptions): Promise<never> => {
      started.push(name)
      options?.cancellation?.(() => cancelled.push(name))
      return new Promise<never>(() => undefined)
    }
  window.pveDesk = {
    clusterProbe: hang('probe'),
    clusterRealms: hang('realms'),
    clusterTest: hang('test'),
  } as unknown as PveDeskApi
  return { started, cancelled }
}

const ui = (element: React.ReactElement): ReturnType<typeof render> =>
  render(<MantineProvider>{element}</MantineProvider>)

describe('closing a cluster dialog cancels what it asked main for', () => {
  beforeAll(async () => {
    await initI18n('en-US')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('a certificate check still under way is cancelled when its step goes away', async () => {
    const bridge = hangingBridge()
    const draft = { ...emptyDraft(), endpointsText: '127.0.0.1:8006' }
    const view = ui(
      <EndpointStep draft={draft} update={() => undefined} run={(work) => work()} busy={false} />,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Check the certificates' }))
    await Promise.resolve()
    expect(bridge.started).toEqual(['probe'])
    expect(bridge.cancelled).toEqual([])
    view.unmount()
    expect(bridge.cancelled).toEqual(['probe'])
  })

  it('a connection test under way is cancelled when the dialog closes', async () => {
    const bridge = hangingBridge()
    const existing: ClusterSummary = {
      id: 'ace',
      name: 'Ace',
      readOnly: false,
      endpoints: [{ url: 'https://127.0.0.1:8006', fingerprint: PIN }],
      auth: { kind: 'password', username: 'root@pam' },
      hasCredential: true,
      sites: {},
      defaultSite: 'Ace',
    }
    const view = ui(<ClusterForm existing={existing} onClose={() => undefined} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Test the connection' }))
    await Promise.resolve()
    expect(bridge.started).toEqual(['test'])
    expect(bridge.cancelled).toEqual([])
    view.unmount()
    expect(bridge.cancelled).toEqual(['test'])
  })

  it('the realms lookup of the login step is cancelled when the step goes away', async () => {
    const bridge = hangingBridge()
    const url = 'https://127.0.0.1:8006'
    const draft = {
      ...emptyDraft(),
      endpointsText: url,
      certificates: {
        [url]: {
          url,
          fingerprint: PIN,
          subject: 'CN=km4-pve1',
          issuer: 'CN=PVE Cluster Manager CA',
          validFrom: '2026-01-01T00:00:00Z',
          validTo: '2028-01-01T00:00:00Z',
          trustedByCa: false,
        },
      },
      trusted: { [url]: true },
    }
    const view = ui(
      <LoginStep
        draft={draft}
        update={() => undefined}
        editing={false}
        secretNeeded={undefined}
        onTest={() => Promise.resolve()}
        busy={false}
        verdict={undefined}
      />,
    )
    await Promise.resolve()
    expect(bridge.started).toEqual(['realms'])
    expect(bridge.cancelled).toEqual([])
    view.unmount()
    expect(bridge.cancelled).toEqual(['realms'])
  })
})
