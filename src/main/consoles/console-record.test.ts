import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { ConsoleRecord } from '../../shared/model/console'
import { ConsoleRecordStore, RECORD_FILE } from './console-record'

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
