import { resolve } from 'node:path'

/**
 * The inventory snapshot files named on Electron's command line (`pvedesk audit-2026.zip`, a file opened with
 * the app): the arguments after the executable that end in `.zip` and are not flags. Electron's own flags and
 * the app's path (`.`, `out/main/…js` when unpackaged) are left out by the same rule.
 */
export function inventoryFilesFromArgv(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith('.zip'))
}

/**
 * The inventory snapshot files a second launch named (`pvedesk b.zip` while PVE Desk runs: Electron hands the
 * running instance that launch's argv and working directory), as absolute paths: a relative name is the second
 * launch's, not ours.
 */
export function inventoryFilesOfLaunch(argv: readonly string[], workingDirectory: string): string[] {
  return inventoryFilesFromArgv(argv).map((file) => resolve(workingDirectory, file))
}
