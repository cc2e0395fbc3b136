import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { freeName, isScheduledCaptureName, pruneScheduledCaptures } from './scheduled-files'

describe('pruning scheduled captures', () => {
  it('deletes only scheduled captures it vouches for, past the newest `keep` and older than `keep` days', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pvedesk-prune-'))
    const now = Date.parse('2026-12-10T02:00:00Z')
    const ours = new Map<string, string>([
      ['pvedesk-inventory-20261201-020000Z-scheduled.zip', '2026-12-01T02:00:00Z'],
      ['pvedesk-inventory-20261202-020000Z-scheduled.zip', '2026-12-02T02:00:00Z'],
      ['pvedesk-inventory-20261209-020000Z-scheduled.zip', '2026-12-09T02:00:00Z'],
      ['pvedesk-inventory-20261209-020000Z-scheduled-2.zip', '2026-12-09T02:00:01Z'],
      // Named as the oldest, signed as the newest: the signed time orders, never the name.
      ['pvedesk-inventory-20261101-020000Z-scheduled.zip', '2026-12-10T01:00:00Z'],
    ])
    const others = [
      // Named as ours, not vouched for: another installation's, a manual capture renamed, a forgery.
      'pvedesk-inventory-20261001-020000Z-scheduled.zip',
      'pvedesk-inventory-20261130-120000Z.zip', // a manual capture
      'pvedesk-inventory-20261101-020000Z-scheduled.zip.bak', // looks close, is not ours
      'audit-2025-scheduled.zip',
      'notes.txt',
    ]
    for (const name of [...ours.keys(), ...others]) writeFileSync(join(folder, name), 'x')
    // A folder and a link named like scheduled captures are not files PVE Desk wrote: left alone.
    mkdirSync(join(folder, 'pvedesk-inventory-20260901-020000Z-scheduled.zip'))
    symlinkSync('/etc/hostname', join(folder, 'pvedesk-inventory-20260902-020000Z-scheduled.zip'))
    const asked: string[] = []
    const vouch = (path: string): Promise<{ takenAt: string } | undefined> => {
      const name = path.slice(folder.length + 1)
      asked.push(name)
      const takenAt = ours.get(name)
      return Promise.resolve(takenAt === undefined ? undefined : { takenAt })
    }
    // keep 2: the two newest stay; of the others, those within 2 days stay too.
    const deleted = await pruneScheduledCaptures(folder, 2, { now, ours: vouch })
    expect(deleted.sort()).toEqual([
      'pvedesk-inventory-20261201-020000Z-scheduled.zip',
      'pvedesk-inventory-20261202-020000Z-scheduled.zip',
    ])
    expect(readdirSync(folder)).toContain('pvedesk-inventory-20261209-020000Z-scheduled.zip')
    for (const name of others) expect(readdirSync(folder)).toContain(name)
    expect(asked).not.toContain('pvedesk-inventory-20260902-020000Z-scheduled.zip')
  })

  it('keep 1 never erases a day of history: files younger than `keep` days stay', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pvedesk-prune-'))
    const now = Date.parse('2026-12-10T02:00:00Z')
    const times = ['2026-12-09T03:00:00Z', '2026-12-09T12:00:00Z', '2026-12-10T01:59:00Z']
    const names = times.map((_, i) => `pvedesk-inventory-2026120${i}-020000Z-scheduled.zip`)
    for (const name of names) writeFileSync(join(folder, name), 'x')
    const ours = (path: string): Promise<{ takenAt: string }> =>
      Promise.resolve({ takenAt: times[names.indexOf(path.slice(folder.length + 1))] as string })
    expect(await pruneScheduledCaptures(folder, 1, { now, ours })).toEqual([])
    expect(readdirSync(folder).sort()).toEqual([...names].sort())
    // A day later, the two older are past a day old and beyond the newest one.
    expect((await pruneScheduledCaptures(folder, 1, { now: now + 86_400_000, ours })).sort()).toEqual(
      [names[0], names[1]].sort(),
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
