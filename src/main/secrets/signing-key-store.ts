import { AsyncEntry } from '@napi-rs/keyring'

import { join } from 'node:path'

import { pvedeskHome } from '../platform/paths'
import { withLockFile } from './signing-key-lock'
import { keychainUnavailable } from './vault'

/**
 * Where this installation's inventory signing key is kept: one secret value (see `inventory/file/signing-key.ts`
 * for what it holds). The keychain store is the product's; the memory store is for the demo and tests.
 */
export interface SigningKeyStore {
  read(): Promise<string | undefined>
  write(value: string): Promise<void>
  /**
   * Runs `work` while no other user of this entry (another process of this OS user, for the keychain) is in
   * it: the first use reads, writes if still absent and reads back inside, so that two first uses at the same
   * moment end with one key. A store without it can only narrow that window.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>
}

const SERVICE = 'pve-desk'
const ACCOUNT = 'inventory-signing-key'

/**
 * The OS keychain through @napi-rs/keyring, as the credential vault (keyring-vault.ts): Secret Service pinned on
 * Linux (never the kernel keyring, which forgets at logout: a forgotten key would change the installation's
 * signing identity), macOS Keychain, Windows Credential Manager. Service `pve-desk`, account
 * `inventory-signing-key`; tests pass another service so that the real entry is never touched.
 */
export class KeyringSigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly service = SERVICE,
    /**
     * The lock of the first use. The keychain is the OS user's, whatever PVEDESK_HOME a process has (a cron
     * job may set another), so the lock is in the OS user's own PVE Desk folder, never PVEDESK_HOME's.
     */
    private readonly lockFile = join(
      pvedeskHome({ ...process.env, PVEDESK_HOME: '' }),
      'inventory-signing-key.lock',
    ),
  ) {}

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return withLockFile(this.lockFile, work)
  }

  private entry(): AsyncEntry {
    return new AsyncEntry(this.service, ACCOUNT, { linux: { store: 'secret-service' } })
  }

  async read(): Promise<string | undefined> {
    try {
      return (await this.entry().getPassword()) ?? undefined
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  async write(value: string): Promise<void> {
    try {
      await this.entry().setPassword(value)
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }
}

export class MemorySigningKeyStore implements SigningKeyStore {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private value?: string) {}

  /** One at a time, in this process (the only one that sees this store). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }

  read(): Promise<string | undefined> {
    return Promise.resolve(this.value)
  }

  write(value: string): Promise<void> {
    this.value = value
    return Promise.resolve()
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
