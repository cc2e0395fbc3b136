import { z } from 'zod'

import { GuestRef } from './guest-action'

/**
 * How the operator arranges their workspace, kept in the settings file (`workspace`) beside the clusters:
 * language and look, the tree's grouping, their own folders, favourites and saved views. Nothing here is a
 * secret; everything is bounded so that a hand-edited or hostile file cannot make the app build a huge tree.
 */

/** `system`: the system's language (French for a French-speaking system, else English). */
export const LanguageChoice = z.enum(['system', 'fr', 'en'])
export type LanguageChoice = z.infer<typeof LanguageChoice>

/** `system`: follows the OS's light or dark setting, live. */
export const ThemeChoice = z.enum(['system', 'light', 'dark'])
export type ThemeChoice = z.infer<typeof ThemeChoice>

export const RowDensity = z.enum(['comfortable', 'dense'])
export type RowDensity = z.infer<typeof RowDensity>

/**
 * How the tree groups the fleet: by site (site → cluster → node → guests and storage, the default), by cluster
 * (cluster → node → guests and storage), by tag (a guest under each of its tags, untagged apart), by pool, by
 * type (VMs, containers, templates), or in the user's own folders.
 */
export const TreeGrouping = z.enum(['site', 'cluster', 'tag', 'pool', 'type', 'folder'])
export type TreeGrouping = z.infer<typeof TreeGrouping>

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
const label = z.string().trim().min(1).max(80)

/** A folder of the user's: guests by cluster and vmid, so a guest that moves to another node stays in it. */
export const UserFolder = z.object({ id, name: label, guests: z.array(GuestRef).max(20_000) }).strict()
export type UserFolder = z.infer<typeof UserFolder>

/** A named search and grouping, opened again in one click. */
export const SavedView = z
  .object({ id, name: label, query: z.string().max(2_000), grouping: TreeGrouping })
  .strict()
export type SavedView = z.infer<typeof SavedView>

/**
 * Guests across all folders (a guest may be in several). Each folder's own bound alone would allow 200 × 20,000
 * = 4 million entries: a compromised renderer or an edited file could make main parse and write hundreds of MB.
 */
export const MAX_FOLDERED_GUESTS = 50_000

const Folders = z
  .array(UserFolder)
  .max(200)
  .refine((folders) => folders.reduce((n, f) => n + f.guests.length, 0) <= MAX_FOLDERED_GUESTS, {
    message: `at most ${MAX_FOLDERED_GUESTS} guests across all folders`,
  })

export const WorkspacePreferences = z
  .object({
    language: LanguageChoice.default('system'),
    theme: ThemeChoice.default('system'),
    density: RowDensity.default('comfortable'),
    grouping: TreeGrouping.default('site'),
    folders: Folders.default([]),
    /** Shown first, in their own group, whatever the grouping. */
    favourites: z.array(GuestRef).max(5_000).default([]),
    savedViews: z.array(SavedView).max(200).default([]),
  })
  .strict()
export type WorkspacePreferences = z.infer<typeof WorkspacePreferences>

export const defaultWorkspacePreferences = (): WorkspacePreferences => WorkspacePreferences.parse({})
