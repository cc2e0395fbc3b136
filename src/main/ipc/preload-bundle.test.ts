import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

describe('the Electron preload bundle', () => {
  it('keeps the sandboxed preload free of the validation library and the schemas', async () => {
    const entry = fileURLToPath(new URL('../../preload/index.ts', import.meta.url))
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
      metafile: true,
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((i) => i.includes('node_modules'))).toEqual([])
    expect(inputs.filter((i) => /contract|domains|schemas|model/.test(i))).toEqual([])
    expect(result.outputFiles[0]?.text.length ?? 0).toBeLessThan(20_000)
  })
})
