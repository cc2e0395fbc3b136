import { z } from 'zod'

import { ClusterInput } from '../../shared/model/cluster-input'
import { ActionPreferences } from '../../shared/model/guest-action'

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
  /** The guard rails and bulk settings (added within version 1: a file without them gets the defaults). */
  actions: ActionPreferences.default(() => defaultActionPreferences()),
  /**
   * The operator's workspace (language, look, the tree's grouping, folders, favourites, saved views; added within
   * version 1). Kept here as the file holds it: only the workspace store reads it (src/main/workspace/
   * workspace-file.ts, field by field, a bad value costing only itself), so a cluster saved by the app or the CLI
   * writes it back untouched — even a value this version cannot read, for the operator to correct.
   */
  workspace: z.unknown().optional(),
  /** The disaster-recovery targets (added within version 1), read like `workspace` by src/main/dr/dr-targets-store.ts. */
  dr: z.unknown().optional(),
})
export type Settings = z.infer<typeof SettingsV1>

export const defaultActionPreferences = (): ActionPreferences => ActionPreferences.parse({})

/**
 * The file's frame: clusters are read one by one, so that one bad entry does not cost the others; the action
 * preferences apart, so that a bad value there costs only them (the defaults, reported), never the clusters.
 */
const SettingsV1Frame = SettingsV1.extend({
  clusters: z.array(z.unknown()).default([]),
  actions: z.unknown().optional(),
})

export const CURRENT_SCHEMA_VERSION = 1

export const emptySettings = (): Settings => SettingsV1.parse({ schemaVersion: CURRENT_SCHEMA_VERSION })

/** A cluster entry that could not be read: left out of the catalog and reported, kept in the file as it was. */
export interface DroppedCluster {
  /** Its position in the file's `clusters` list. */
  index: number
  /** Its `id`, when it has a readable one. */
  id?: string
  reason: string
}

export interface ParsedSettings {
  settings: Settings
  dropped: DroppedCluster[]
  /** The dropped entries as they were in the file, written back unchanged so that nothing typed by hand is lost. */
  carried: unknown[]
  /** Set when the file was written by a newer PVE Desk: it is then only read, never written or moved. */
  newerVersion?: number
  /** Why the file's `actions` could not be read (the defaults are used instead). */
  actionsUnreadable?: string
}

/** Version 0: the pre-release shape, a bare `{ clusters: [...] }` whose clusters carried `username` inline. */
const SettingsV0 = z.object({ clusters: z.array(z.unknown()).default([]) })

/** Migrations from version N to N+1, applied in order. */
const MIGRATIONS: Record<number, (raw: unknown) => unknown> = {
  0: (raw) => {
    const v0 = SettingsV0.parse(raw)
    return {
      schemaVersion: 1,
      clusters: v0.clusters.map((entry) => {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry
        const { username, ...rest } = entry as { username?: unknown }
        return {
          ...rest,
          auth: { kind: 'password', username: typeof username === 'string' ? username : 'root@pam' },
        }
      }),
    }
  },
}

/**
 * Parses any known version of the settings file into the current one. Throws a readable message when the file as
 * a whole cannot be read (not an object, a bad version, bad top-level values); a cluster entry that cannot be read
 * is dropped and reported instead. A newer version is read as far as this version understands it.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  let current = raw
  let version = versionOf(raw)
  const newer = version > CURRENT_SCHEMA_VERSION ? version : undefined
  if (newer !== undefined) {
    // What a newer PVE Desk wrote may not fit this version's frame: keep what fits, default the rest.
    const object = raw as Record<string, unknown>
    const frame = SettingsV1Frame.safeParse({ ...object, schemaVersion: CURRENT_SCHEMA_VERSION })
    current = frame.success
      ? { ...frame.data }
      : {
          schemaVersion: CURRENT_SCHEMA_VERSION,
          clusters: Array.isArray(object.clusters) ? object.clusters : [],
        }
    version = CURRENT_SCHEMA_VERSION
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const migrate = MIGRATIONS[version]
    if (migrate === undefined) throw new Error(`no migration from schemaVersion ${version}`)
    current = migrate(current)
    version++
  }
  const frame = SettingsV1Frame.safeParse(current)
  if (!frame.success) throw new Error(z.prettifyError(frame.error))
  const clusters: ClusterSettings[] = []
  const dropped: DroppedCluster[] = []
  const carried: unknown[] = []
  for (const [index, entry] of frame.data.clusters.entries()) {
    const rawId = (entry as { id?: unknown } | null)?.id
    const id = typeof rawId === 'string' && rawId !== '' ? rawId.slice(0, 64) : undefined
    const parsed = ClusterSettings.safeParse(entry)
    const reason = !parsed.success
      ? z.prettifyError(parsed.error)
      : clusters.some((c) => c.id === parsed.data.id)
        ? `cluster id ${parsed.data.id} appears twice`
        : undefined
    if (parsed.success && reason === undefined) {
      clusters.push(parsed.data)
      continue
    }
    dropped.push({ index, ...(id === undefined ? {} : { id }), reason: reason ?? 'unreadable' })
    carried.push(entry)
  }
  const actions =
    frame.data.actions === undefined ? undefined : ActionPreferences.safeParse(frame.data.actions)
  return {
    settings: {
      ...frame.data,
      clusters,
      actions: actions?.success === true ? actions.data : defaultActionPreferences(),
    },
    dropped,
    carried,
    ...(newer === undefined ? {} : { newerVersion: newer }),
    ...(actions?.success === false ? { actionsUnreadable: z.prettifyError(actions.error) } : {}),
  }
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
