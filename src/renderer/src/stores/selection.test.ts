import { describe, expect, it } from 'vitest'

import { entryFixture, nodeFixture } from '../test-fixtures'
import { buildTreeRows } from '../features/tree/tree-model'
import type { ClusterEntry } from './fleet-store'
import { selectionKey } from './selection'

const entry = (id: string, site: string): ClusterEntry => entryFixture(id, { defaultSite: site })
const node = nodeFixture

describe('typed selection', () => {
  it('gives distinct row ids where the parts contain `:` (site "a:b" + cluster "c" vs site "a" + cluster "b:c")', () => {
    expect(selectionKey({ kind: 'cluster', site: 'a:b', clusterId: 'c' })).not.toBe(
      selectionKey({ kind: 'cluster', site: 'a', clusterId: 'b:c' }),
    )
    expect(selectionKey({ kind: 'site', site: 'Paris DC:1' })).not.toMatch(/\s/)
  })

  it('carries, on each row, the site and cluster as typed, whatever the site label contains', () => {
    const rows = buildTreeRows({
      clusters: { ace: entry('ace', 'Paris:DC1'), 'b:c': entry('b:c', 'a') },
      items: {
        ace: new Map([['ace/node/n1', node('ace', 'n1', 'Paris:DC1')]]),
        'b:c': new Map([['b:c/node/n1', node('b:c', 'n1', 'a')]]),
      },
      collapsed: new Set(),
      filter: '',
    })
    expect(rows.filter((r) => r.kind === 'cluster').map((r) => r.target)).toEqual([
      { kind: 'cluster', site: 'a', clusterId: 'b:c' },
      { kind: 'cluster', site: 'Paris:DC1', clusterId: 'ace' },
    ])
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
    for (const row of rows) expect(row.id).toBe(selectionKey(row.target))
  })
})
