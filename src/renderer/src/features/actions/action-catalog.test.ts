import { describe, expect, it } from 'vitest'

import type { ActionKeyLike } from './action-catalog'
import { actionForKey } from './action-catalog'

const key = (k: string, patch: Partial<ActionKeyLike> = {}): ActionKeyLike => ({
  key: k,
  repeat: false,
  ctrlKey: false,
  shiftKey: true,
  altKey: true,
  metaKey: false,
  ...patch,
})

describe('action keys', () => {
  it('Alt+Shift+letter asks for an action; the layout’s letter counts (AZERTY M), else the physical key', () => {
    expect(actionForKey(key('X'))?.id).toBe('stop')
    expect(actionForKey(key('M', { code: 'Semicolon' }))?.id).toBe('migrate')
    expect(actionForKey(key('Ω', { code: 'KeyS' }))?.id).toBe('start')
  })

  it('nothing for the tree’s, consoles’ and workspace’s keys, nor for a held key', () => {
    expect(actionForKey(key('X', { altKey: false }))).toBeUndefined()
    expect(actionForKey(key('X', { ctrlKey: true }))).toBeUndefined()
    expect(actionForKey(key('Enter'))).toBeUndefined()
    expect(actionForKey(key('X', { repeat: true }))).toBeUndefined()
  })
})
