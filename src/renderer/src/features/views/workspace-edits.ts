import type { GuestRef } from '../../../../shared/model/guest-action'
import type { SavedView, TreeGrouping, WorkspacePreferences } from '../../../../shared/model/workspace'
import { refKey } from './grouping'

/**
 * The tree's changes to the workspace, pure: each takes the preferences and gives new ones (or the same object
 * when nothing changes, so the store writes nothing). Bounded as the settings schema is (src/shared/model/
 * workspace.ts): past a bound the change is refused (same object back), never a file main would reject.
 */
type Prefs = WorkspacePreferences

const MAX_FOLDERS = 200
const MAX_FOLDER_GUESTS = 20_000
const MAX_FAVOURITES = 5_000
const MAX_VIEWS = 200
const MAX_QUERY = 2_000

/** A name as the schema takes it: trimmed, 1 to 80 characters. Undefined when nothing is left. */
export function cleanName(name: string): string | undefined {
  const trimmed = name.trim().slice(0, 80).trim()
  return trimmed === '' ? undefined : trimmed
}

/** A fresh id for a folder or view (letters, digits, `-`), unlike any of `taken`. */
export function newId(prefix: string, taken: readonly { id: string }[], random = Math.random): string {
  for (;;) {
    const id = `${prefix}-${Math.floor(random() * 36 ** 8).toString(36)}`
    if (!taken.some((t) => t.id === id)) return id
  }
}

const sameRef = (a: GuestRef, b: GuestRef): boolean => a.clusterId === b.clusterId && a.vmid === b.vmid

/** Stars the guests, or unstars them when all are starred already (one key toggles a selection). */
export function toggleFavourites(prefs: Prefs, refs: readonly GuestRef[]): Prefs {
  if (refs.length === 0) return prefs
  const starred = new Set(prefs.favourites.map(refKey))
  if (refs.every((r) => starred.has(refKey(r)))) {
    const drop = new Set(refs.map(refKey))
    return { ...prefs, favourites: prefs.favourites.filter((f) => !drop.has(refKey(f))) }
  }
  const added = dedupe(refs).filter((r) => !starred.has(refKey(r)))
  if (prefs.favourites.length + added.length > MAX_FAVOURITES) return prefs
  return { ...prefs, favourites: [...prefs.favourites, ...added.map(plainRef)] }
}

const plainRef = (r: GuestRef): GuestRef => ({ clusterId: r.clusterId, vmid: r.vmid })

function dedupe(refs: readonly GuestRef[]): GuestRef[] {
  const seen = new Set<string>()
  return refs.filter((r) => {
    const key = refKey(r)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export function createFolder(prefs: Prefs, name: string, id = newId('folder', prefs.folders)): Prefs {
  const clean = cleanName(name)
  if (clean === undefined || prefs.folders.length >= MAX_FOLDERS) return prefs
  return { ...prefs, folders: [...prefs.folders, { id, name: clean, guests: [] }] }
}

export function renameFolder(prefs: Prefs, id: string, name: string): Prefs {
  const clean = cleanName(name)
  if (clean === undefined || !prefs.folders.some((f) => f.id === id)) return prefs
  return { ...prefs, folders: prefs.folders.map((f) => (f.id === id ? { ...f, name: clean } : f)) }
}

export function deleteFolder(prefs: Prefs, id: string): Prefs {
  if (!prefs.folders.some((f) => f.id === id)) return prefs
  return { ...prefs, folders: prefs.folders.filter((f) => f.id !== id) }
}

/** Puts guests in a folder (those already in it stay once); refused past the folder's bound. */
export function addToFolder(prefs: Prefs, id: string, refs: readonly GuestRef[]): Prefs {
  const folder = prefs.folders.find((f) => f.id === id)
  if (folder === undefined) return prefs
  const added = dedupe(refs).filter((r) => !folder.guests.some((g) => sameRef(g, r)))
  if (added.length === 0 || folder.guests.length + added.length > MAX_FOLDER_GUESTS) return prefs
  const guests = [...folder.guests, ...added.map(plainRef)]
  return { ...prefs, folders: prefs.folders.map((f) => (f.id === id ? { ...f, guests } : f)) }
}

export function removeFromFolder(prefs: Prefs, id: string, refs: readonly GuestRef[]): Prefs {
  const folder = prefs.folders.find((f) => f.id === id)
  if (folder === undefined) return prefs
  const drop = new Set(refs.map(refKey))
  const guests = folder.guests.filter((g) => !drop.has(refKey(g)))
  if (guests.length === folder.guests.length) return prefs
  return { ...prefs, folders: prefs.folders.map((f) => (f.id === id ? { ...f, guests } : f)) }
}

/** Saves the search and grouping under a name; a view of the same name is replaced (one name, one view). */
export function saveView(
  prefs: Prefs,
  name: string,
  query: string,
  grouping: TreeGrouping,
  id = newId('view', prefs.savedViews),
): Prefs {
  const clean = cleanName(name)
  if (clean === undefined || query.length > MAX_QUERY) return prefs
  const same = prefs.savedViews.find((v) => v.name === clean)
  const view: SavedView = { id: same?.id ?? id, name: clean, query, grouping }
  if (same !== undefined)
    return { ...prefs, savedViews: prefs.savedViews.map((v) => (v.id === same.id ? view : v)) }
  if (prefs.savedViews.length >= MAX_VIEWS) return prefs
  return { ...prefs, savedViews: [...prefs.savedViews, view] }
}

export function renameView(prefs: Prefs, id: string, name: string): Prefs {
  const clean = cleanName(name)
  if (clean === undefined || !prefs.savedViews.some((v) => v.id === id)) return prefs
  return { ...prefs, savedViews: prefs.savedViews.map((v) => (v.id === id ? { ...v, name: clean } : v)) }
}

export function deleteView(prefs: Prefs, id: string): Prefs {
  if (!prefs.savedViews.some((v) => v.id === id)) return prefs
  return { ...prefs, savedViews: prefs.savedViews.filter((v) => v.id !== id) }
}

export function setGrouping(prefs: Prefs, grouping: TreeGrouping): Prefs {
  return prefs.grouping === grouping ? prefs : { ...prefs, grouping }
}
