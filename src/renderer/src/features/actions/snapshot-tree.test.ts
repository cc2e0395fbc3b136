import { describe, expect, it } from 'vitest'

import type { GuestSnapshot } from '../../../../shared/model/guest-action'
import type { SnapshotNode } from './snapshot-tree'
import { snapshotTree } from './snapshot-tree'

const snap = (name: string, parent?: string, snaptime = 0): GuestSnapshot => ({
  name,
  ...(parent === undefined ? {} : { parent }),
  snaptime,
  vmstate: false,
  current: name === 'current',
})
const shape = (nodes: SnapshotNode[]): unknown =>
  nodes.map((n) => (n.children.length === 0 ? n.snapshot.name : { [n.snapshot.name]: shape(n.children) }))

describe('snapshotTree', () => {
  it('draws PVE’s list as its tree, NOW under the guest snapshot it runs from, last among siblings', () => {
    const tree = snapshotTree([
      snap('current', 'b'),
      snap('b', 'a', 20),
      snap('c', 'a', 10),
      snap('a', undefined, 1),
    ])
    expect(shape(tree)).toEqual([{ a: ['c', { b: ['current'] }] }])
  })

  it('a hostile answer (unknown parent, a cycle, a name twice) still gives a finite tree with every name once', () => {
    const tree = snapshotTree([
      snap('x', 'y'),
      snap('y', 'x'),
      snap('z', 'gone'),
      snap('z', 'x'),
      snap('s', 's'),
    ])
    const names: string[] = []
    const walk = (nodes: SnapshotNode[]): void => {
      for (const n of nodes) {
        names.push(n.snapshot.name)
        walk(n.children)
      }
    }
    walk(tree)
    expect(names.sort()).toEqual(['s', 'x', 'y', 'z'])
  })
})
