import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where PVE Desk keeps its files (settings, later inventory snapshots): the platform's application-data folder,
 * or `PVEDESK_HOME` when set (tests always set it). The same folder serves the app and the `pvedesk` CLI.
 */
export function pvedeskHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env.PVEDESK_HOME
  if (override !== undefined && override !== '') return override
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'PVE Desk')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'PVE Desk')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'pvedesk')
}
