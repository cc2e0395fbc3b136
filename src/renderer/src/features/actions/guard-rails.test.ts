import { describe, expect, it } from 'vitest'

import { needsConfirmation, needsTypedName, typedNameMatches } from './guard-rails'

const rails = { typeNameTags: ['prod'], typeNamePools: ['Finance'] }

describe('guard rails', () => {
  it('asks before what loses state and before copying local disks, not before a start or a plain migration', () => {
    expect(needsConfirmation({ kind: 'stop' })).toBe(true)
    expect(needsConfirmation({ kind: 'reset' })).toBe(true)
    expect(needsConfirmation({ kind: 'snapshotDelete', name: 'a' })).toBe(true)
    expect(needsConfirmation({ kind: 'snapshotRollback', name: 'a' })).toBe(true)
    expect(needsConfirmation({ kind: 'migrate', target: 'n2', withLocalDisks: true })).toBe(true)
    expect(needsConfirmation({ kind: 'migrate', target: 'n2' })).toBe(false)
    expect(needsConfirmation({ kind: 'start' })).toBe(false)
  })

  it('wants the name typed for a listed tag or pool, whatever the case', () => {
    expect(needsTypedName({ tags: ['PROD'] }, rails)).toBe(true)
    expect(needsTypedName({ tags: ['web'], pool: 'finance' }, rails)).toBe(true)
    expect(needsTypedName({ tags: ['production'] }, rails)).toBe(false)
    expect(needsTypedName({ tags: [] }, { typeNameTags: [], typeNamePools: [] })).toBe(false)
  })

  it('the typed name must be the guest’s exactly (spaces around aside)', () => {
    expect(typedNameMatches(' db-01 ', 'db-01')).toBe(true)
    expect(typedNameMatches('DB-01', 'db-01')).toBe(false)
    expect(typedNameMatches('db-0', 'db-01')).toBe(false)
    expect(typedNameMatches('', 'db-01')).toBe(false)
  })
})
