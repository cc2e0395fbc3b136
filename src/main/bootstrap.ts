import type { AppInfo } from '../shared/ipc/contract'
import { pvedeskHome } from './platform/paths'
import { KeyringVault } from './secrets/keyring-vault'
import type { MainOptions, MainServices } from './services'
import { createMainServices } from './services'

/**
 * The production start-up, shared by Electron and the browser host: the user's home folder and the OS keychain
 * (cluster secrets and the inventory signing key); `host` adds what the host has (Electron's dialogs).
 * Nothing else: no vault chosen by the environment, nothing read from standard input. The demo and the tests
 * compose the same services their own way (scripts/demo-services.ts), in a throw-away home.
 */
export function startMain(
  info: AppInfo,
  host: Pick<MainOptions, 'dialogs' | 'notify' | 'notifyTask' | 'notifyDr' | 'inventoryFiles'> = {},
): Promise<MainServices> {
  // The inventory signing key: the OS keychain, createMainServices' default.
  return createMainServices({ ...host, home: pvedeskHome(), vault: new KeyringVault(), info })
}
