import { describe, expect, it } from 'vitest'

import { entryFixture, onlineStatus } from '../../test-fixtures'
import { consoleChoices } from './console-choices'
import type { TreeKeyLike } from './tree-console-key'
import { treeConsoleKey } from './tree-console-key'

const entry = {
  ...entryFixture('c1', { name: 'ACE', readOnly: false }),
  status: onlineStatus('c1', { state: 'online' }),
  permissions: { '/vms': { 'VM.Console': 1 }, '/nodes': { 'Sys.Console': 1 } },
}
const nodeChoices = consoleChoices(entry, { kind: 'node', item: { node: 'n1', status: 'online' } })
const guestChoices = consoleChoices(entry, {
  kind: 'guest',
  item: { type: 'qemu', vmid: 100, node: 'n1', status: 'running', template: false },
  nodeStatus: 'online',
})
const key = (key: string, patch: Partial<TreeKeyLike> = {}): TreeKeyLike => ({
  key,
  repeat: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...patch,
})
const launched = (event: TreeKeyLike, choices: typeof nodeChoices): string | undefined => {
  const action = treeConsoleKey(event, choices)
  return action.type === 'launch' ? action.choice.id : action.type
}

describe('console keys on a tree row', () => {
  it('leaves Enter on a node row to the tree: no root shell opens by a key pressed to expand', () => {
    expect(launched(key('Enter'), nodeChoices)).toBe('none')
    expect(launched(key('Enter', { shiftKey: true }), nodeChoices)).toBe('none')
    expect(launched(key('Enter', { ctrlKey: true }), nodeChoices)).toBe('shell')
    expect(launched(key('Enter', { ctrlKey: true, shiftKey: true }), nodeChoices)).toBe('screen')
  })

  it('opens a guest’s consoles on Enter and Shift+Enter', () => {
    expect(launched(key('Enter'), guestChoices)).toBe('screen')
    expect(launched(key('Enter', { shiftKey: true }), guestChoices)).toBe('serial')
  })

  it('opens nothing more while the key is held (one console per press, not per repeat)', () => {
    expect(launched(key('Enter', { repeat: true }), guestChoices)).toBe('swallow')
    expect(launched(key('Enter', { ctrlKey: true, repeat: true }), nodeChoices)).toBe('swallow')
  })

  it('gives back a key no choice claims, and opens the menu on the context-menu key or Shift+F10', () => {
    expect(launched(key('Enter', { ctrlKey: true }), guestChoices)).toBe('none')
    expect(launched(key('Enter'), [])).toBe('none')
    expect(launched(key('ContextMenu'), guestChoices)).toBe('menu')
    expect(launched(key('F10', { shiftKey: true }), nodeChoices)).toBe('menu')
  })
})
