import { AsyncEntry } from '@napi-rs/keyring'

import { keychainUnavailable } from './vault'

/**
 * Where this installation's inventory signing key is kept: one secret value (see `inventory/file/signing-key.ts`
 * for what it holds). The keychain store is the product's; the memory store is for the demo and tests.
 */
export interface SigningKeyStore {
  read(): Promise<string | undefined>
  write(value: string): Promise<void>
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
  constructor(private readonly service = SERVICE) {}

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
  constructor(private value?: string) {}

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
