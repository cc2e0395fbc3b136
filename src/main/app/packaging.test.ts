import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import type { Configuration } from 'electron-builder'
import { describe, expect, it } from 'vitest'

/**
 * The package electron-builder would make: its configuration read by electron-builder's own loader (so a
 * `build` key in package.json, which would silently win over electron-builder.ts, fails here too).
 */
async function packagingConfig(): Promise<{ config: Configuration; file: string | null }> {
  // Deep import on purpose: the loader `electron-builder` itself uses, not a re-implementation of its lookup.
  const { loadConfig } = (await import('app-builder-lib/out/util/config/load')) as {
    loadConfig: (request: object) => Promise<{ result: Configuration; configFile: string | null } | null>
  }
  const loaded = await loadConfig({
    packageKey: 'build',
    configFilename: 'electron-builder',
    projectDir: resolve('.'),
    packageMetadata: null,
  })
  if (loaded === null) throw new Error('electron-builder finds no configuration')
  return { config: loaded.result, file: loaded.configFile }
}

describe('the packaged app', () => {
  it('is configured by electron-builder.ts', async () => {
    const { file } = await packagingConfig()
    expect(file).toBe(resolve('electron-builder.ts'))
  })

  it.each<[string, boolean]>([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['enableCookieEncryption', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('flips the fuse %s to %s', async (fuse, value) => {
    const { config } = await packagingConfig()
    expect(config.electronFuses).toHaveProperty(fuse, value)
  })

  it('packs into an asar only the shipped entry, never the demo’s', async () => {
    const { config } = await packagingConfig()
    const main = (JSON.parse(readFileSync('package.json', 'utf8')) as { main: string }).main
    expect(main).toBe('./out/main/index.js')
    expect(config.asar).toBe(true)
    expect(config.files).toEqual([
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      '!out/main/demo-electron.js',
    ])
  })
})
