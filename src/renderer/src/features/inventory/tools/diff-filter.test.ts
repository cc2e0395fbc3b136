import { describe, expect, it, vi } from 'vitest'

import type { InventoryChange } from '../../../../../shared/model/inventory-snapshot'
import { fileEntry } from './test-inventory-main'
import { comparableFiles, defaultPair, fileToOpen, reversed } from './compare-choice'
import { compactValue, filterChanges, indexChanges, NO_FILTER, sitesOf } from './diff-filter'

const change = (patch: Partial<InventoryChange>): InventoryChange => ({
  category: 'guest',
  kind: 'changed',
  clusterId: 'c1',
  subject: 'VM 101 (naorlo-web01)',
  ...patch,
})

const changes: InventoryChange[] = [
  change({
    kind: 'changed',
    field: 'status',
    before: 'running',
    after: 'stopped',
    site: 'Km4',
    key: 'c1/qemu/101',
  }),
  change({
    kind: 'moved',
    field: 'node',
    before: 'km4-pve1',
    after: 'vitib-pve1',
    site: 'VITIB',
    key: 'c1/qemu/102',
    subject: 'VM 102 (naorlo-db01)',
  }),
  change({ category: 'access', kind: 'added', subject: 'user audit@pve', site: undefined }),
  change({ category: 'firewall', kind: 'removed', subject: 'rule 3 of group web', site: 'Km4' }),
  change({
    category: 'guest',
    kind: 'changed',
    field: 'net0',
    before: 'virtio=AA,bridge=vmbr0',
    after: 'virtio=AA,bridge=vmbr1',
    site: 'Km4',
  }),
]
const indexed = indexChanges(changes)

describe('the changes view’s filters', () => {
  it('shows everything and counts per category with no filter', () => {
    const { shown, counts } = filterChanges(indexed, NO_FILTER)
    expect(shown).toHaveLength(5)
    expect(counts).toMatchObject({ guest: 3, access: 1, firewall: 1, node: 0, ha: 0 })
  })

  it('filters by category, kind and site together; the counts follow the other filters, not the category', () => {
    const { shown, counts } = filterChanges(indexed, {
      ...NO_FILTER,
      categories: new Set(['guest']),
      site: 'Km4',
    })
    expect(shown.map((c) => c.field)).toEqual(['status', 'net0'])
    expect(counts).toMatchObject({ guest: 2, firewall: 1, access: 0 })
    const moved = filterChanges(indexed, { ...NO_FILTER, kinds: new Set(['moved', 'added']) })
    expect(moved.shown.map((c) => c.subject)).toEqual(['VM 102 (naorlo-db01)', 'user audit@pve'])
  })

  it('counts per kind under every filter but the kind one', () => {
    expect(filterChanges(indexed, NO_FILTER).kindCounts).toEqual({
      added: 1,
      removed: 1,
      changed: 2,
      moved: 1,
      renamed: 0,
    })
    const km4Guests = filterChanges(indexed, {
      ...NO_FILTER,
      categories: new Set(['guest']),
      kinds: new Set(['moved']),
      site: 'Km4',
    })
    // The moved guest is at VITIB: choosing "moved" here shows nothing, and its chip says 0, "changed" 2.
    expect(km4Guests.shown).toEqual([])
    expect(km4Guests.kindCounts).toMatchObject({ changed: 2, moved: 0, removed: 0 })
  })

  it('reads each change’s values once per diff, not once per keystroke', () => {
    const big = indexChanges(
      Array.from({ length: 200 }, (_, i) =>
        change({ key: `c1/qemu/${i}`, after: { tags: ['web', String(i)] } }),
      ),
    )
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      for (const text of ['w', 'we', 'web', 'web 1', 'web 19']) filterChanges(big, { ...NO_FILTER, text })
      expect(stringify).not.toHaveBeenCalled()
      expect(filterChanges(big, { ...NO_FILTER, text: 'web 199' }).shown.map((c) => c.key)).toEqual([
        'c1/qemu/199',
      ])
    } finally {
      stringify.mockRestore()
    }
  })

  it('finds every word of the text in the subject, field or values, whatever the case', () => {
    const byValue = filterChanges(indexed, { ...NO_FILTER, text: 'VMBR1' })
    expect(byValue.shown.map((c) => c.field)).toEqual(['net0'])
    const twoWords = filterChanges(indexed, { ...NO_FILTER, text: '  naorlo   stopped ' })
    expect(twoWords.shown.map((c) => c.key)).toEqual(['c1/qemu/101'])
    expect(filterChanges(indexed, { ...NO_FILTER, text: 'nothing-like-this' }).shown).toEqual([])
  })

  it('lists the sites named, once, sorted', () => {
    expect(sitesOf(changes)).toEqual(['Km4', 'VITIB'])
  })

  it('shows values compactly: strings bare, the rest as JSON, long ones cut', () => {
    expect(compactValue('virtio=AA,bridge=vmbr0')).toBe('virtio=AA,bridge=vmbr0')
    expect(compactValue({ a: [1, 2], b: null })).toBe('{"a":[1,2],"b":null}')
    expect(compactValue(['prod', 'web'])).toBe('["prod","web"]')
    expect(compactValue(undefined)).toBe('')
    const long = compactValue('x'.repeat(500))
    expect(long).toHaveLength(160)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('the files compared by default', () => {
  it('are the two newest readable ones, the older as from', () => {
    const files = [
      fileEntry({ fileId: 'old', takenAt: '2026-01-01T00:00:00.000Z' }),
      fileEntry({ fileId: 'newest', takenAt: '2026-12-01T00:00:00.000Z' }),
      fileEntry({ fileId: 'broken', takenAt: undefined, unreadable: 'not_zip', modifiedAt: Date.now() }),
      fileEntry({ fileId: 'mid', takenAt: '2026-06-01T00:00:00.000Z', source: 'recent' }),
      fileEntry({ fileId: 'mid', takenAt: '2026-06-01T00:00:00.000Z', source: 'folder' }),
    ]
    expect(comparableFiles(files).map((f) => f.fileId)).toEqual(['newest', 'mid', 'old'])
    expect(defaultPair(files)).toEqual({ from: 'mid', to: 'newest' })
    expect(defaultPair(files.slice(0, 1))).toBeUndefined()
  })

  it('open the older file on a removed item (the newer has it no more), the newer on any other', () => {
    const pair = { from: 'old', to: 'new' }
    expect(fileToOpen('removed', pair)).toBe('old')
    for (const kind of ['added', 'changed', 'moved', 'renamed'] as const)
      expect(fileToOpen(kind, pair)).toBe('new')
  })

  it('are seen reversed when "from" was taken after "to"', () => {
    const files = [
      fileEntry({ fileId: 'old', takenAt: '2026-01-01T00:00:00.000Z' }),
      fileEntry({ fileId: 'new', takenAt: '2026-12-01T00:00:00.000Z' }),
    ]
    expect(reversed(files, { from: 'new', to: 'old' })).toBe(true)
    expect(reversed(files, { from: 'old', to: 'new' })).toBe(false)
    expect(reversed(files, { from: 'old', to: 'unknown' })).toBe(false)
  })
})
