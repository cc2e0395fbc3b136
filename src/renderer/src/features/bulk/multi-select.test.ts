import { describe, expect, it } from 'vitest'

import type { FleetItem } from '../../../../shared/model/fleet'
import type { Selection } from '../../stores/selection'
import { entryFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { buildTreeRows } from '../tree/tree-model'
import type { TreeRows } from '../tree/tree-row'
import { pickOnClick, pickOnMove, rangeKeys } from './multi-select'

// Site S: cluster c1 with node n1 (guests 100, 101, 102) and node n2 (guests 200, 201).
const items: FleetItem[] = [
  nodeFixture('c1', 'n1', 'S'),
  nodeFixture('c1', 'n2', 'S'),
  guestFixture({ vmid: 100, name: 'a' }),
  guestFixture({ vmid: 101, name: 'b' }),
  guestFixture({ vmid: 102, name: 'c' }),
  guestFixture({ vmid: 200, name: 'd', node: 'n2' }),
  guestFixture({ vmid: 201, name: 'e', node: 'n2' }),
]

function tree(collapsed: ReadonlySet<string> = new Set(), filter = ''): TreeRows {
  const rows = buildTreeRows({
    clusters: { c1: entryFixture('c1') },
    items: { c1: new Map(items.map((i) => [i.key, i])) },
    collapsed,
    filter,
  })
  return {
    length: rows.length,
    at: (i) => rows[i],
    indexOfParent: (id) => rows.findIndex((r) => r.id === id),
    indexOf: (target) => rows.findIndex((r) => JSON.stringify(r.target) === JSON.stringify(target)),
  }
}

const guest = (vmid: number): Selection => ({ kind: 'guest', clusterId: 'c1', vmid })
const at = (rows: TreeRows, target: Selection): number => rows.indexOf(target)
const key = (vmid: number): string => `c1/qemu/${vmid}`
const none = { multi: new Set<string>(), anchor: undefined, selected: undefined }

describe('picking guests in the tree', () => {
  it('Shift+click picks the guests from the anchor to the clicked row, across a node row, no node itself', () => {
    const rows = tree()
    const picked = pickOnClick(
      { ...none, anchor: guest(101), selected: guest(101) },
      rows,
      at(rows, guest(200)),
      { range: true, toggle: false },
    )
    expect([...(picked?.multi ?? [])].sort()).toEqual([key(101), key(102), key(200)])
    // The anchor stays where the range started, so that a second Shift+click reshapes the same range.
    expect(picked?.anchor).toEqual(guest(101))
  })

  it('Shift+click upwards picks the same range as downwards', () => {
    const rows = tree()
    const picked = pickOnClick({ ...none, anchor: guest(201) }, rows, at(rows, guest(101)), {
      range: true,
      toggle: false,
    })
    expect([...(picked?.multi ?? [])].sort()).toEqual([key(101), key(102), key(200), key(201)])
  })

  it('a range takes only the rows shown: a collapsed node’s guests stay out', () => {
    const rows = tree(new Set(['node:c1:n2']))
    expect(rangeKeys(rows, 0, rows.length - 1)).toEqual(new Set([key(100), key(101), key(102)]))
  })

  it('Ctrl+click starts from the focused guest, then adds and removes one guest at a time', () => {
    const rows = tree()
    const first = pickOnClick({ ...none, selected: guest(100) }, rows, at(rows, guest(102)), {
      range: false,
      toggle: true,
    })
    expect(first?.multi).toEqual(new Set([key(100), key(102)]))
    const second = pickOnClick(
      { multi: first?.multi ?? new Set(), anchor: first?.anchor, selected: guest(102) },
      rows,
      at(rows, guest(100)),
      { range: false, toggle: true },
    )
    expect(second?.multi).toEqual(new Set([key(102)]))
  })

  it('Ctrl+Shift+click adds a range to the guests already picked', () => {
    const rows = tree()
    const picked = pickOnClick(
      { multi: new Set([key(100)]), anchor: guest(200), selected: guest(200) },
      rows,
      at(rows, guest(201)),
      { range: true, toggle: true },
    )
    expect(picked?.multi).toEqual(new Set([key(100), key(200), key(201)]))
  })

  it('a plain click, or Ctrl on a node row, is no pick: that row alone is selected', () => {
    const rows = tree()
    expect(pickOnClick(none, rows, at(rows, guest(100)), { range: false, toggle: false })).toBeUndefined()
    const node = at(rows, { kind: 'node', clusterId: 'c1', node: 'n1' })
    expect(pickOnClick(none, rows, node, { range: false, toggle: true })).toBeUndefined()
  })

  it('Shift+Down twice then Shift+Up extends and shrinks the range from the anchor', () => {
    const rows = tree()
    const start = at(rows, guest(100))
    const once = pickOnMove({ ...none, selected: guest(100) }, rows, start, start + 1)
    expect(once?.multi).toEqual(new Set([key(100), key(101)]))
    const state = { multi: once?.multi ?? new Set<string>(), anchor: once?.anchor, selected: guest(101) }
    const twice = pickOnMove(state, rows, start + 1, start + 2)
    expect(twice?.multi).toEqual(new Set([key(100), key(101), key(102)]))
    const back = pickOnMove({ ...state, multi: twice?.multi ?? new Set() }, rows, start + 2, start + 1)
    expect(back?.multi).toEqual(new Set([key(100), key(101)]))
  })
})
