import type { AppInfo } from '../shared/ipc/contract'
import { pvedeskHome } from './platform/paths'
import { KeyringVault } from './secrets/keyring-vault'
import type { MainServices } from './services'
import { createMainServices } from './services'

/**
 * The production start-up, shared by Electron and the browser host: the user's home folder and the OS keychain.
 * Nothing else: no vault chosen by the environment, nothing read from standard input. The demo and the tests
 * compose the same services their own way (scripts/demo-services.ts), in a throw-away home.
 */
export function startMain(info: AppInfo): Promise<MainServices> {
  return createMainServices({ home: pvedeskHome(), vault: new KeyringVault(), info })
}
