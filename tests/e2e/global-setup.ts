import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the shipped main bundle must never contain: the demo's hooks (see scripts/demo-services.ts). */
const DEMO_HOOKS = ['process.stdin', '--seed-stdin', 'PVEDESK_VAULT', 'MemoryVault(']

/**
 * Builds the renderer once, so that the tests always drive the code under test, never a stale bundle, and
 * checks that the main bundle a package would ship (out/main minus the demo's entry) has none of the demo's hooks.
 */
export default function globalSetup(): void {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('electron-vite build failed')
  const chunks = existsSync('out/main/chunks') ? readdirSync('out/main/chunks') : []
  const shipped = ['out/main/index.js', ...chunks.map((f) => join('out/main/chunks', f))]
  for (const file of shipped) {
    const code = readFileSync(file, 'utf8')
    const hook = DEMO_HOOKS.find((h) => code.includes(h))
    if (hook !== undefined) throw new Error(`${file} would ship a demo hook: ${hook}`)
  }
}
