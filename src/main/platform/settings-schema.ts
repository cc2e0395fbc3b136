import { z } from 'zod'

import { ClusterInput } from '../../shared/model/cluster-input'

/**
 * The settings file, version by version. Each version is parsed with its own schema and migrated forward by a
 * small pure function, so a file written by any earlier PVE Desk opens in this one. No secret is ever in here:
 * passwords and token secrets live in the OS keychain.
 */

/** One cluster in the settings file: exactly what the user configured (see `ClusterInput`). */
export const ClusterSettings = ClusterInput
export type ClusterSettings = ClusterInput

export const SettingsV1 = z.object({
  schemaVersion: z.literal(1),
  clusters: z.array(ClusterSettings).default([]),
  pollIntervalMs: z.number().int().min(500).max(600_000).default(5_000),
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
})
export type Settings = z.infer<typeof SettingsV1>

export const CURRENT_SCHEMA_VERSION = 1

export const emptySettings = (): Settings => SettingsV1.parse({ schemaVersion: CURRENT_SCHEMA_VERSION })

/** Version 0: the pre-release shape, a bare `{ clusters: [...] }` whose clusters carried `username` inline. */
const SettingsV0 = z.object({
  clusters: z.array(z.object({ username: z.string().optional() }).loose()).default([]),
})

/** Migrations from version N to N+1, applied in order. */
const MIGRATIONS: Record<number, (raw: unknown) => unknown> = {
  0: (raw) => {
    const v0 = SettingsV0.parse(raw)
    return {
      schemaVersion: 1,
      clusters: v0.clusters.map(({ username, ...rest }) => ({
        ...rest,
        auth: { kind: 'password', username: username ?? 'root@pam' },
      })),
    }
  },
}

/** Parses any known version of the settings file into the current one; throws a readable message otherwise. */
export function parseSettings(raw: unknown): Settings {
  let current = raw
  let version = versionOf(raw)
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new Error(
      `written by a newer PVE Desk (schemaVersion ${version}); this one reads up to ${CURRENT_SCHEMA_VERSION}`,
    )
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const migrate = MIGRATIONS[version]
    if (migrate === undefined) throw new Error(`no migration from schemaVersion ${version}`)
    current = migrate(current)
    version++
  }
  const parsed = SettingsV1.safeParse(current)
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error))
  const ids = parsed.data.clusters.map((c) => c.id)
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i)
  if (duplicate !== undefined) throw new Error(`cluster id ${duplicate} appears twice`)
  return parsed.data
}

function versionOf(raw: unknown): number {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object')
  const version = (raw as { schemaVersion?: unknown }).schemaVersion
  if (version === undefined) return 0
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`schemaVersion ${JSON.stringify(version)} is not a version number`)
  }
  return version
}
