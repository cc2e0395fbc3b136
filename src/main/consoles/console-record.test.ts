import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import type { ConsoleRecord } from '../../shared/model/console'
import { ConsoleRecordStore, MAX_ERROR_MESSAGE, RECORD_FILE } from './console-record'

const home = (): string => mkdtempSync(join(tmpdir(), 'pvedesk-records-'))
const opened = (consoleId: string, openedAt: number): ConsoleRecord => ({
  consoleId,
  clusterId: 'ace-prod',
  clusterName: 'ACE production',
  target: { type: 'lxc', node: 'km4-pve1', vmid: 110 },
  kind: 'terminal',
  guestName: 'proxy-ct',
  site: 'Koumassi 4',
  pveUser: 'root@pam',
  localUser: 'noc',
  openedAt,
})

describe('the record of console sessions', () => {
  it('gives one record per connection, as its last line says, newest first', async () => {
    const store = new ConsoleRecordStore(home())
    store.write(opened('a', 1000))
    store.write(opened('b', 2000))
    store.write({ ...opened('a', 1000), connectedAt: 1100, endedAt: 5000, endReason: 'user' })
    store.write(opened('a', 6000)) // a reconnect of a: a record of its own
    const records = await store.list()
    expect(records.map((r) => [r.consoleId, r.openedAt, r.endReason])).toEqual([
      ['a', 6000, undefined],
      ['b', 2000, undefined],
      ['a', 1000, 'user'],
    ])
    expect(records[2]).toMatchObject({ connectedAt: 1100, endedAt: 5000 })
    expect(await store.list(1)).toHaveLength(1)
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })

  it('skips a torn last line and lines edited by hand, and goes on writing after them', async () => {
    const dir = home()
    const store = new ConsoleRecordStore(dir)
    store.write(opened('a', 1000))
    const file = join(dir, RECORD_FILE)
    appendFileSync(file, '{"consoleId":"x","clusterId":"ace-prod","cluster') // a crash mid-write
    appendFileSync(file, '\nnot json at all\n{"consoleId":"y"}\n[1,2]\nnull\n')
    store.write(opened('b', 2000))
    expect((await store.list()).map((r) => r.consoleId)).toEqual(['b', 'a'])
  })

  it('answers nothing when there is no file yet', async () => {
    expect(await new ConsoleRecordStore(home()).list()).toEqual([])
  })

  it('stays bounded: past its size the oldest lines go, whole lines only, the newest stay', async () => {
    const dir = home()
    const store = new ConsoleRecordStore(dir, { rotateBytes: 4096, keepBytes: 2048 })
    for (let i = 0; i < 100; i++) store.write(opened(`c${i}`, 1000 + i))
    const size = statSync(store.path).size
    expect(size).toBeLessThanOrEqual(4096)
    const lines = readFileSync(store.path, 'utf8').split('\n').filter(Boolean)
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow()
    const records = await store.list()
    expect(records[0]?.consoleId).toBe('c99')
    expect(records.length).toBe(lines.length)
    expect(records.length).toBeLessThan(100)
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })

  it('never holds what was typed or shown: only the fields of a record', () => {
    const dir = home()
    writeFileSync(join(dir, RECORD_FILE), '')
    const store = new ConsoleRecordStore(dir)
    store.write(opened('a', 1))
    const line = JSON.parse(readFileSync(store.path, 'utf8').trim()) as Record<string, unknown>
    expect(Object.keys(line).sort()).toEqual(
      [
        'clusterId',
        'clusterName',
        'consoleId',
        'guestName',
        'kind',
        'localUser',
        'openedAt',
        'pveUser',
        'site',
        'target',
      ].sort(),
    )
  })
})

describe('a torn line at the end of the file', () => {
  it('does not swallow the record written after it', async () => {
    const dir = home()
    const store = new ConsoleRecordStore(dir)
    store.write(opened('a', 1000))
    appendFileSync(join(dir, RECORD_FILE), '{"consoleId":"torn","clusterId":"ace')
    store.write(opened('b', 2000))
    expect((await store.list()).map((r) => r.consoleId)).toEqual(['b', 'a'])
  })
})

describe('what a record keeps', () => {
  it('a long PVE error and a long guest name are cut when written: the session stays listed', async () => {
    const store = new ConsoleRecordStore(home())
    const message = `unable to open: ${'x'.repeat(100_000)}`
    store.write({
      ...opened('long', 1000),
      guestName: 'g'.repeat(10_000),
      endedAt: 2000,
      endReason: 'failed',
      error: { code: 'pve_error', message },
    })
    store.write(opened('next', 3000))
    const records = await store.list()
    expect(records.map((r) => r.consoleId)).toEqual(['next', 'long'])
    const long = records[1]
    expect(long?.error?.message.startsWith('unable to open: xxx')).toBe(true)
    expect(long?.error?.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE)
    expect(long?.error?.message.endsWith('…')).toBe(true)
    expect(long?.guestName?.length).toBeLessThanOrEqual(256)
    expect(long).toMatchObject({ endReason: 'failed', endedAt: 2000 })
  })

  it('never cuts a character in half', async () => {
    const store = new ConsoleRecordStore(home())
    store.write({ ...opened('emoji', 1), guestName: '😀'.repeat(500) })
    const [record] = await store.list()
    expect(record?.guestName).toMatch(/^(😀)+…$/u)
  })
})

describe('a record file grown huge by someone else', () => {
  /** One record, then `padding` bytes of zeros (sparse: nothing on disk), then another record. */
  function inflated(padding: number): { dir: string; store: ConsoleRecordStore } {
    const dir = home()
    const store = new ConsoleRecordStore(dir)
    store.write(opened('oldest', 1000))
    const file = join(dir, RECORD_FILE)
    truncateSync(file, statSync(file).size + padding)
    appendFileSync(file, `\n${JSON.stringify(opened('newest', 2000))}\n`)
    return { dir, store }
  }

  it('is read only from its tail: a 50 MiB file lists its newest records, not what lies 50 MiB back', async () => {
    const { store } = inflated(50 * 1024 * 1024)
    expect((await store.list()).map((r) => r.consoleId)).toEqual(['newest'])
  })

  it('past what one read of a whole file can take (2 GiB), it is still listed and cut back on the next write', async () => {
    const { store } = inflated(3 * 1024 * 1024 * 1024)
    try {
      expect((await store.list()).map((r) => r.consoleId)).toEqual(['newest'])
      store.write(opened('after', 3000))
      expect(statSync(store.path).size).toBeLessThan(2 * 1024 * 1024)
      expect((await store.list()).map((r) => r.consoleId)).toEqual(['after', 'newest'])
    } finally {
      truncateSync(store.path, 0)
    }
  })
})

describe('rotation', () => {
  it('never writes through a symlink planted at the record file itself', () => {
    const store = new ConsoleRecordStore(home())
    const victim = join(home(), 'victim')
    writeFileSync(victim, 'keep me\n')
    symlinkSync(victim, store.path)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let complaints = 0
    try {
      store.write(opened('a', 1000))
      complaints = logged.mock.calls.length
    } finally {
      logged.mockRestore()
    }
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n')
    expect(complaints).toBe(1)
  })

  it('never follows a symlink planted where the file aside is written', async () => {
    const dir = home()
    const store = new ConsoleRecordStore(dir, { rotateBytes: 2048, keepBytes: 1024 })
    const victim = join(home(), 'victim')
    writeFileSync(victim, 'keep me\n')
    const aside = `${store.path}.${process.pid}.tmp`
    symlinkSync(victim, aside)
    for (let i = 0; i < 20; i++) store.write(opened(`c${i}`, 1000 + i))
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n')
    expect(lstatSync(store.path).isSymbolicLink()).toBe(false)
    expect(existsSync(aside)).toBe(false)
    expect(statSync(store.path).size).toBeLessThanOrEqual(2048)
    expect((await store.list())[0]?.consoleId).toBe('c19')
  })

  it('a file aside left by a crash mid-rotation does not stop the next one', async () => {
    const dir = home()
    const store = new ConsoleRecordStore(dir, { rotateBytes: 2048, keepBytes: 1024 })
    writeFileSync(`${store.path}.${process.pid}.tmp`, 'half a rotation')
    for (let i = 0; i < 20; i++) store.write(opened(`c${i}`, 1000 + i))
    expect(statSync(store.path).size).toBeLessThanOrEqual(2048)
    expect((await store.list())[0]?.consoleId).toBe('c19')
  })

  it('keeps a line that starts right at the cut whole', async () => {
    const dir = home()
    const line = `${JSON.stringify(opened('a', 1))}\n`
    const store = new ConsoleRecordStore(dir, { rotateBytes: line.length * 3, keepBytes: line.length })
    store.write(opened('a', 1))
    store.write(opened('a', 2))
    store.write(opened('a', 3))
    store.write(opened('a', 4)) // rotates: exactly the last line fits in keepBytes
    expect((await store.list()).map((r) => r.openedAt)).toEqual([4, 3])
  })
})
