/**
 * The inventory snapshot files named on Electron's command line (`pvedesk audit-2026.zip`, a file opened with
 * the app): the arguments after the executable that end in `.zip` and are not flags. Electron's own flags and
 * the app's path (`.`, `out/main/…js` when unpackaged) are left out by the same rule.
 */
export function inventoryFilesFromArgv(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith('.zip'))
}
