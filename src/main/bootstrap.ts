import type { AppInfo } from '../shared/ipc/contract'
import { pvedeskHome } from './platform/paths'
import { readSeed } from './platform/seed'
import { KeyringVault } from './secrets/keyring-vault'
import type { CredentialVault } from './secrets/vault'
import { MemoryVault } from './secrets/vault'
import type { MainServices } from './services'
import { createMainServices } from './services'

/**
 * Start-up shared by Electron and the browser host: the home folder, the vault — the OS keychain, or memory
 * when `PVEDESK_VAULT=memory` (only the demo and tests set it, with a throw-away `PVEDESK_HOME`) — and any seed
 * piped on standard input.
 */
export async function startMain(info: AppInfo): Promise<MainServices> {
  const vault: CredentialVault =
    process.env.PVEDESK_VAULT === 'memory' ? new MemoryVault() : new KeyringVault()
  const seed = await readSeed()
  return createMainServices({ home: pvedeskHome(), vault, info, ...(seed === undefined ? {} : { seed }) })
}
