import { generateKeyPairSync } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import type { SigningKeyStore } from '../../secrets/signing-key-store'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { loadSigningKey } from './signing-key'
import { parsePublicKeyLine } from './ssh-public-key'
import { sshsigCheck } from './sshsig'

describe('the inventory signing key', () => {
  it('is created on first use, stored, and the same key afterwards', async () => {
    const store = new MemorySigningKeyStore()
    const first = await loadSigningKey(store, 'desk-01')
    expect(first.signer.publicKey).toMatch(
      /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* pvedesk-inventory@desk-01$/,
    )
    expect(first.signer.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    const stored = JSON.parse((await store.read()) ?? '') as Record<string, unknown>
    expect(Object.keys(stored).sort()).toEqual(['comment', 'privateKey', 'v'])
    expect(stored).toMatchObject({ v: 1, comment: 'pvedesk-inventory@desk-01' })
    // Another host name later does not make another key, nor rename this one.
    const again = await loadSigningKey(store, 'renamed-host')
    expect(again.signer).toEqual(first.signer)
  })

  it('signs in the pvedesk-inventory namespace, as its public key', async () => {
    const key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
    const message = Buffer.from('inventory')
    const result = sshsigCheck(key.sign(message), message, 'pvedesk-inventory')
    expect(result).toMatchObject({ ok: true, fingerprint: key.signer.fingerprint })
    expect(result.ok && result.publicKey.wire.equals(parsePublicKeyLine(key.signer.publicKey).key.wire)).toBe(
      true,
    )
  })

  it('never replaces a stored value that does not read, and never quotes it', async () => {
    const secretish = 'MC4CAQAwBQYDK2VwBCIEI-not-really-a-key'
    for (const value of [
      secretish,
      JSON.stringify({ v: 1, privateKey: secretish, comment: 'x' }),
      JSON.stringify({ v: 2, privateKey: secretish, comment: 'x' }),
      // A valid PKCS#8 key of another type (P-256) is not ours either.
      JSON.stringify({
        v: 1,
        privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'der', type: 'pkcs8' })
          .toString('base64'),
        comment: 'x',
      }),
    ]) {
      const store = new MemorySigningKeyStore(value)
      const error = await loadSigningKey(store, 'desk-01').catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'conflict', detail: { reason: 'signing_key_unreadable' } })
      expect((error as Error).message).toMatch(/left as it is/)
      if (value.includes('"v":1') && !value.includes(secretish))
        expect((error as Error).message).toMatch(/a ec key/)
      expect((error as Error).message).not.toContain(secretish.slice(0, 12))
      expect(await store.read()).toBe(value)
    }
  })

  it('uses the key the keychain kept when two processes create one at the same moment', async () => {
    const winner = new MemorySigningKeyStore()
    const winnerKey = await loadSigningKey(winner, 'app')
    const winnerValue = (await winner.read()) ?? ''
    // Our write lands, then the other process's write overwrites it before we read back.
    let value: string | undefined
    const racing: SigningKeyStore = {
      read: () => Promise.resolve(value),
      write: () => {
        value = winnerValue
        return Promise.resolve()
      },
    }
    const ours = await loadSigningKey(racing, 'cron')
    expect(ours.signer).toEqual(winnerKey.signer)
  })
})
