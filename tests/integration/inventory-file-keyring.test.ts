import { AsyncEntry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { KeyringSigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { secretServiceAvailable } from '../support/cli-env'

// The signing key against a real Secret Service: CI runs this under scripts/with-keyring.sh (gnome-keyring in a
// private D-Bus session); skipped locally without a session bus. A test service name: the real
// `pve-desk`/`inventory-signing-key` entry is never touched.
const hasBus = secretServiceAvailable()
const SERVICE = 'pve-desk-test-inventory'
const entry = (): AsyncEntry =>
  new AsyncEntry(SERVICE, 'inventory-signing-key', { linux: { store: 'secret-service' } })

async function removeEntry(): Promise<void> {
  await entry()
    .deletePassword()
    .catch(() => undefined)
}

describe.skipIf(!hasBus)('the inventory signing key in the OS keychain (real Secret Service)', () => {
  beforeAll(removeEntry)
  afterAll(removeEntry)

  it('is made on first use, kept in the keychain, and the same key for the next process', async () => {
    const store = new KeyringSigningKeyStore(SERVICE)
    expect(await store.read()).toBeUndefined()
    const first = await loadSigningKey(store, 'desk-01')
    const raw = await entry().getPassword()
    expect(JSON.parse(raw ?? '')).toMatchObject({ v: 1, comment: 'pvedesk-inventory@desk-01' })
    // Another store object, as another process (the CLI beside the app) would have.
    const second = await loadSigningKey(new KeyringSigningKeyStore(SERVICE), 'desk-01')
    expect(second.signer).toEqual(first.signer)
  })

  it('a corrupted entry is refused and left as it is', async () => {
    await entry().setPassword('{"v":1,"privateKey":"AAAA","comment":"x"}')
    await expect(loadSigningKey(new KeyringSigningKeyStore(SERVICE))).rejects.toMatchObject({
      code: 'conflict',
    })
    expect(await entry().getPassword()).toBe('{"v":1,"privateKey":"AAAA","comment":"x"}')
  })
})
