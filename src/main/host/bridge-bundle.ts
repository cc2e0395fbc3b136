import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

/** Bundles the browser bridge (`src/preload/browser-bridge.ts`) into one classic script, in memory. */
export async function bundleBrowserBridge(): Promise<string> {
  const entry = fileURLToPath(new URL('../../preload/browser-bridge.ts', import.meta.url))
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error('esbuild produced no bridge bundle')
  return output.text
}
