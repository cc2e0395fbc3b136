import { describe, expect, it } from 'vitest'

import { defaultWorkspacePreferences, WorkspacePreferences } from '../../../../shared/model/workspace'
import {
  addToFolder,
  createFolder,
  deleteFolder,
  deleteView,
  newId,
  removeFromFolder,
  renameFolder,
  renameView,
  saveView,
  toggleFavourites,
} from './workspace-edits'

const a = { clusterId: 'c1', vmid: 101 }
const b = { clusterId: 'c1', vmid: 102 }
const base = defaultWorkspacePreferences()
/** Every result is a file main takes (the schema), or the same object when refused. */
const valid = (p: WorkspacePreferences): WorkspacePreferences => WorkspacePreferences.parse(p)

describe('workspace edits', () => {
  it('stars guests once, and a second toggle of all of them unstars them', () => {
    const starred = valid(toggleFavourites(base, [a, b, a]))
    expect(starred.favourites).toEqual([a, b])
    expect(toggleFavourites(starred, [a]).favourites).toEqual([b])
    // Some not starred yet: the toggle stars those.
    expect(toggleFavourites({ ...base, favourites: [a] }, [a, b]).favourites).toEqual([a, b])
  })

  it('does not keep extra fields a caller put on a guest reference (the schema is strict)', () => {
    const ref = { ...a, name: 'x' } as typeof a
    expect(valid(toggleFavourites(base, [ref])).favourites).toEqual([a])
  })

  it('creates, renames and deletes a folder; a blank or too long name is trimmed or refused', () => {
    const made = valid(createFolder(base, '  Web fronts  ', 'f1'))
    expect(made.folders).toEqual([{ id: 'f1', name: 'Web fronts', guests: [] }])
    expect(createFolder(base, '   ')).toBe(base)
    expect(valid(createFolder(base, 'x'.repeat(500), 'f2')).folders[0]?.name).toHaveLength(80)
    expect(renameFolder(made, 'f1', 'Fronts').folders[0]?.name).toBe('Fronts')
    expect(renameFolder(made, 'nope', 'Fronts')).toBe(made)
    expect(deleteFolder(made, 'f1').folders).toEqual([])
  })

  it('puts guests in a folder once and takes them out', () => {
    const made = createFolder(base, 'Web', 'f1')
    const filled = valid(addToFolder(made, 'f1', [a, b, a]))
    expect(filled.folders[0]?.guests).toEqual([a, b])
    expect(addToFolder(filled, 'f1', [a])).toBe(filled)
    expect(removeFromFolder(filled, 'f1', [a]).folders[0]?.guests).toEqual([b])
    expect(addToFolder(filled, 'missing', [a])).toBe(filled)
  })

  it('refuses more folders than the settings file takes', () => {
    let p = base
    for (let i = 0; i < 200; i++) p = createFolder(p, `F${i}`, `f${i}`)
    expect(createFolder(p, 'one more')).toBe(p)
    expect(() => valid(p)).not.toThrow()
  })

  it('saves a view, replaces one of the same name, renames and deletes', () => {
    const saved = valid(saveView(base, 'Naorlo', 'tag:naorlo', 'tag', 'v1'))
    expect(saved.savedViews).toEqual([{ id: 'v1', name: 'Naorlo', query: 'tag:naorlo', grouping: 'tag' }])
    const again = saveView(saved, 'Naorlo', 'pool:infra', 'pool', 'v2')
    expect(again.savedViews).toEqual([{ id: 'v1', name: 'Naorlo', query: 'pool:infra', grouping: 'pool' }])
    expect(saveView(base, 'Long', 'x'.repeat(2_001), 'site')).toBe(base)
    expect(renameView(saved, 'v1', 'N').savedViews[0]?.name).toBe('N')
    expect(deleteView(saved, 'v1').savedViews).toEqual([])
  })

  it('makes ids the schema takes and that no other folder has', () => {
    let n = 0
    const seq = [0.5, 0.5, 0.25]
    const id = newId('folder', [{ id: newId('folder', [], () => 0.5) }], () => seq[n++] ?? 0.1)
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(id).not.toBe(newId('folder', [], () => 0.5))
  })
})
