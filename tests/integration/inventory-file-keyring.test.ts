import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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

// The first-use lock in a throw-away folder, not the user's own PVE Desk folder.
const lockDir = mkdtempSync(join(tmpdir(), 'pvedesk-keyring-lock-'))
const LOCK = join(lockDir, 'inventory-signing-key.lock')
const keyring = (): KeyringSigningKeyStore => new KeyringSigningKeyStore(SERVICE, LOCK)

describe.skipIf(!hasBus)('the inventory signing key in the OS keychain (real Secret Service)', () => {
  beforeAll(removeEntry)
  afterAll(async () => {
    await removeEntry()
    rmSync(lockDir, { recursive: true, force: true })
  })

  it('is made on first use, kept in the keychain, and the same key for the next process', async () => {
    const store = keyring()
    expect(await store.read()).toBeUndefined()
    const first = await loadSigningKey(store, 'desk-01')
    const raw = await entry().getPassword()
    expect(JSON.parse(raw ?? '')).toMatchObject({ v: 1, comment: 'pvedesk-inventory@desk-01' })
    // Another store object, as another process (the CLI beside the app) would have.
    const second = await loadSigningKey(keyring(), 'desk-01')
    expect(second.signer).toEqual(first.signer)
  })

  it('eight first uses at the same moment (separate stores, as processes) all sign with the one key kept', async () => {
    await removeEntry()
    const keys = await Promise.all(
      Array.from({ length: 8 }, (_, i) => loadSigningKey(keyring(), `desk-${i}`)),
    )
    const kept = await loadSigningKey(keyring(), 'later')
    expect(new Set(keys.map((k) => k.signer.fingerprint))).toEqual(new Set([kept.signer.fingerprint]))
  })

  it('a corrupted entry is refused and left as it is', async () => {
    await entry().setPassword('{"v":1,"privateKey":"AAAA","comment":"x"}')
    await expect(loadSigningKey(keyring())).rejects.toMatchObject({
      code: 'conflict',
    })
    expect(await entry().getPassword()).toBe('{"v":1,"privateKey":"AAAA","comment":"x"}')
  })
})
