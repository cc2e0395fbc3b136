import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { freeName, isScheduledCaptureName, pruneScheduledCaptures } from './scheduled-files'

describe('pruning scheduled captures', () => {
  it('keeps the newest `keep` scheduled captures and never touches another file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pvedesk-prune-'))
    const scheduled = [
      'pvedesk-inventory-20261201-020000Z-scheduled.zip',
      'pvedesk-inventory-20261202-020000Z-scheduled.zip',
      'pvedesk-inventory-20261203-020000Z-scheduled.zip',
      'pvedesk-inventory-20261203-020000Z-scheduled-2.zip',
    ]
    const others = [
      'pvedesk-inventory-20261130-120000Z.zip', // a manual capture
      'pvedesk-inventory-20261101-020000Z-scheduled.zip.bak', // looks close, is not ours
      'audit-2025-scheduled.zip',
      'notes.txt',
    ]
    for (const name of [...scheduled, ...others]) writeFileSync(join(folder, name), 'x')
    // A folder and a link named like scheduled captures are not files PVE Desk wrote: left alone.
    mkdirSync(join(folder, 'pvedesk-inventory-20261001-020000Z-scheduled.zip'))
    symlinkSync('/etc/hostname', join(folder, 'pvedesk-inventory-20261002-020000Z-scheduled.zip'))
    const deleted = await pruneScheduledCaptures(folder, 2)
    expect(deleted.sort()).toEqual([scheduled[0], scheduled[1]])
    expect(readdirSync(folder).sort()).toEqual(
      [
        scheduled[2],
        scheduled[3],
        ...others,
        'pvedesk-inventory-20261001-020000Z-scheduled.zip',
        'pvedesk-inventory-20261002-020000Z-scheduled.zip',
      ].sort(),
    )
  })

  it('recognizes only the names PVE Desk gives scheduled captures', () => {
    expect(isScheduledCaptureName('pvedesk-inventory-20261201-020000Z-scheduled.zip')).toBe(true)
    expect(isScheduledCaptureName('pvedesk-inventory-20261201-020000Z.zip')).toBe(false)
    expect(isScheduledCaptureName('../pvedesk-inventory-20261201-020000Z-scheduled.zip')).toBe(false)
  })

  it('a second capture in the same second gets a name of its own: no audit file is overwritten', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pvedesk-prune-'))
    const name = 'pvedesk-inventory-20261201-020000Z-scheduled.zip'
    expect(await freeName(folder, name)).toBe(name)
    writeFileSync(join(folder, name), 'x')
    expect(await freeName(folder, name)).toBe('pvedesk-inventory-20261201-020000Z-scheduled-2.zip')
  })
})
