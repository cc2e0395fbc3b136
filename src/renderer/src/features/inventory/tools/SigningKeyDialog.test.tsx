import { MantineProvider } from '@mantine/core'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../../i18n'
import { SigningKeyDialog } from './SigningKeyDialog'
import { FakeInventoryMain } from './test-inventory-main'

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv7 pvedesk-inventory@noc-1'

describe('the signing key dialog', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('shows the public key, its fingerprint and the three OpenSSH steps, each with a copy button', async () => {
    window.pveDesk = new FakeInventoryMain()
      .ok('inventoryKey', { publicKey: key, fingerprint: 'SHA256:abc' })
      .api()
    render(
      <MantineProvider>
        <SigningKeyDialog onClose={() => undefined} />
      </MantineProvider>,
    )
    await act(() => Promise.resolve())
    const values = screen.getAllByTestId('copy-value').map((e) => e.textContent)
    expect(values).toEqual([
      key,
      'SHA256:abc',
      'pvedesk namespaces="pvedesk-inventory" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv7',
      'unzip -p FILE inventory.json > inventory.json\nunzip -p FILE inventory.json.sig > inventory.json.sig',
      'ssh-keygen -Y verify -f allowed_signers -I pvedesk -n pvedesk-inventory -s inventory.json.sig < inventory.json',
    ])
    expect(screen.getAllByRole('button', { name: /^Copy — / })).toHaveLength(5)
  })

  it('says why the key could not be read', async () => {
    window.pveDesk = new FakeInventoryMain()
      .fail('inventoryKey', { code: 'keychain_unavailable', message: 'no Secret Service' })
      .api()
    render(
      <MantineProvider>
        <SigningKeyDialog onClose={() => undefined} />
      </MantineProvider>,
    )
    await act(() => Promise.resolve())
    expect(screen.getByRole('alert').textContent).toBe('No OS keychain is available. no Secret Service')
  })
})
