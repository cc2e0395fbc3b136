import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project's `shared/` folder (DESIGN, the PVE schema and real fixtures), beside the repository. */
export function sharedDir(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  const dir = process.env.PVE_SHARED_DIR ?? join(root, '../shared')
  if (!existsSync(join(dir, 'pve-api', 'fixtures'))) {
    throw new Error(
      `The shared PVE fixtures are missing: expected ${dir}/pve-api/fixtures (set PVE_SHARED_DIR).`,
    )
  }
  return dir
}

export interface Fixture {
  endpoint: { method: string; path_template: string }
  request: { url_path: string; query?: string }
  response: { status: number; reason?: string; body?: unknown }
  provenance: { pve_version?: string }
}
