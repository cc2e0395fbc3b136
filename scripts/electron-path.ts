import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const BINARY: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
}

/**
 * The Electron binary to run, or undefined when there is none. Unlike `require('electron')`, this never tries
 * to download it (which the electron package does on require, and which fails on machines without internet).
 * `ELECTRON_OVERRIDE_DIST_PATH` points at an unpacked Electron, as the electron package itself understands it.
 */
export function electronBinary(root = process.cwd()): string | undefined {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8')
    : (BINARY[process.platform] ?? 'electron')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const full =
    override !== undefined && override !== '' ? join(override, relative) : join(pkg, 'dist', relative)
  return existsSync(full) ? full : undefined
}
