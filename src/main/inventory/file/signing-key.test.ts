import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { SigningKeyStore } from '../../secrets/signing-key-store'
import { withLockFile } from '../../secrets/signing-key-lock'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { type InventorySigningKey, loadSigningKey } from './signing-key'
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

describe('the first use by two processes at the same moment', () => {
  /**
   * Two processes (A, the app; B, a cron run) over one keychain entry, scheduled as the race goes: B starts
   * when A is about to write, and reads "absent" before A's write lands; B's write lands only after A has read
   * its own key back. `lockFile`: both guard their first use with it, as KeyringSigningKeyStore does.
   */
  async function race(lockFile: string | undefined): Promise<{ a: string; b: string; stored: string }> {
    let value: string | undefined
    let aWrote = false
    let bHasRead = (): void => undefined
    const bRead = new Promise<void>((resolve) => (bHasRead = resolve))
    let aHasReadBack = (): void => undefined
    const aReadBack = new Promise<void>((resolve) => (aHasReadBack = resolve))
    const guard =
      lockFile === undefined
        ? {}
        : { exclusive: <T>(work: () => Promise<T>): Promise<T> => withLockFile(lockFile, work) }
    let bLoad: Promise<InventorySigningKey> | undefined
    const b: SigningKeyStore = {
      ...guard,
      read: () => {
        bHasRead()
        return Promise.resolve(value)
      },
      write: async (v) => {
        await aReadBack
        value = v
      },
    }
    const a: SigningKeyStore = {
      ...guard,
      read: () => {
        if (aWrote) aHasReadBack()
        return Promise.resolve(value)
      },
      write: async (v) => {
        bLoad = loadSigningKey(b, 'cron')
        await bRead
        value = v
        aWrote = true
      },
    }
    const aKey = await loadSigningKey(a, 'app')
    const bKey = await (bLoad ?? Promise.reject(new Error('B never started')))
    const stored = await loadSigningKey(new MemorySigningKeyStore(value), 'x')
    return { a: aKey.signer.fingerprint, b: bKey.signer.fingerprint, stored: stored.signer.fingerprint }
  }

  it('unguarded, the schedule replays the race: A signs with a key the keychain no longer holds', async () => {
    const { a, b, stored } = await race(undefined)
    expect(b).toBe(stored)
    expect(a).not.toBe(stored)
  })

  it('with the lock file, both use the one key the keychain holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-key-lock-'))
    try {
      const lock = join(dir, 'home', 'inventory-signing-key.lock')
      const { a, b, stored } = await race(lock)
      expect(a).toBe(stored)
      expect(b).toBe(stored)
      // Released: the next first use is not kept waiting.
      expect(existsSync(lock)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a lock left by a crashed process is taken over once stale; a live one makes a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvedesk-key-lock-'))
    try {
      const lock = join(dir, 'inventory-signing-key.lock')
      writeFileSync(lock, '4242\n')
      const old = new Date(Date.now() - 60_000)
      utimesSync(lock, old, old)
      await expect(withLockFile(lock, () => Promise.resolve('ran'))).resolves.toBe('ran')
      writeFileSync(lock, '4242\n')
      await expect(withLockFile(lock, () => Promise.resolve('ran'), { timeoutMs: 0 })).rejects.toMatchObject({
        code: 'keychain_unavailable',
      })
      expect(readFileSync(lock, 'utf8')).toBe('4242\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the memory store runs first uses one at a time: concurrent loads give one key', async () => {
    const store = new MemorySigningKeyStore()
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadSigningKey(store, 'desk')))
    expect(new Set(keys.map((k) => k.signer.fingerprint)).size).toBe(1)
  })
})
