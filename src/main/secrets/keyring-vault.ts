import { AsyncEntry } from '@napi-rs/keyring'

import { BindingVault, keychainUnavailable } from './vault'

const SERVICE = 'pve-desk'
const PROBE_ACCOUNT = 'pve-desk-probe'

/**
 * The vault over the OS keychain through @napi-rs/keyring: Secret Service on Linux (pinned, so that it fails
 * loudly instead of falling back to the kernel keyring, which forgets everything at logout), macOS Keychain,
 * Windows Credential Manager. One entry per cluster: service `pve-desk`, account `cluster:<id>`, whose value is
 * the secret and its binding together (JSON `{v, secret, binding}`, see `secret-binding.ts`).
 */
export class KeyringVault extends BindingVault {
  constructor(private readonly service = SERVICE) {
    super()
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } })
  }

  private static account(clusterId: string): string {
    return `cluster:${clusterId}`
  }

  protected async writeRaw(clusterId: string, value: string): Promise<void> {
    try {
      await this.entry(KeyringVault.account(clusterId)).setPassword(value)
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  protected async readRaw(clusterId: string): Promise<string | undefined> {
    try {
      return (await this.entry(KeyringVault.account(clusterId)).getPassword()) ?? undefined
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  protected async deleteRaw(clusterId: string): Promise<void> {
    try {
      await this.entry(KeyringVault.account(clusterId)).deletePassword()
    } catch (error) {
      throw keychainUnavailable(describe(error))
    }
  }

  /** The raw value of an entry, for tests that play an attacker editing or copying the keychain. */
  rawEntry(clusterId: string): Promise<string | undefined> {
    return this.readRaw(clusterId)
  }

  /** Writes, reads back and deletes a probe entry: the only honest test that the keychain works. */
  async check(): Promise<{ available: true } | { available: false; reason: string }> {
    try {
      // Inside the try: without a session bus, creating the entry already throws.
      const probe = this.entry(PROBE_ACCOUNT)
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
