import { AsyncEntry } from '@napi-rs/keyring'

import type { CredentialVault } from './vault'
import { keychainUnavailable } from './vault'

const SERVICE = 'pve-desk'
const PROBE_ACCOUNT = 'pve-desk-probe'

/**
 * The vault over the OS keychain through @napi-rs/keyring: Secret Service on Linux (pinned, so that it fails
 * loudly instead of falling back to the kernel keyring, which forgets everything at logout), macOS Keychain,
 * Windows Credential Manager. One entry per cluster: service `pve-desk`, account `cluster:<id>`.
 */
export class KeyringVault implements CredentialVault {
  constructor(private readonly service = SERVICE) {}

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } })
  }

  private static account(clusterId: string): string {
    return `cluster:${clusterId}`
  }

  async set(clusterId: string, secret: string): Promise<void> {
    try {
      await this.entry(KeyringVault.account(clusterId)).setPassword(secret)
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  async get(clusterId: string): Promise<string | undefined> {
    try {
      return (await this.entry(KeyringVault.account(clusterId)).getPassword()) ?? undefined
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  async has(clusterId: string): Promise<boolean> {
    try {
      return (await this.get(clusterId)) !== undefined
    } catch {
      return false
    }
  }

  async delete(clusterId: string): Promise<void> {
    try {
      await this.entry(KeyringVault.account(clusterId)).deletePassword()
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  /** Writes, reads back and deletes a probe entry: the only honest test that the keychain works. */
  async check(): Promise<{ available: true } | { available: false; reason: string }> {
    const probe = this.entry(PROBE_ACCOUNT)
    try {
      await probe.setPassword('probe')
      const back = await probe.getPassword()
      await probe.deletePassword()
      return back === 'probe'
        ? { available: true }
        : { available: false, reason: 'the keychain did not keep a value' }
    } catch (error) {
      return { available: false, reason: describe(error) }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
