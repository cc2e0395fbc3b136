import { spawnSync } from 'node:child_process'

/** Builds the renderer once, so that the tests always drive the code under test, never a stale bundle. */
export default function globalSetup(): void {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('electron-vite build failed')
}
