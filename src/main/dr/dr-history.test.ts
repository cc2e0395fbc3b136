import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { DrAlert } from '../../shared/model/dr'
import { MAX_DR_ALERTS } from '../../shared/model/dr'
import { DR_HISTORY_FILE, DrHistory, MAX_HISTORY_BYTES } from './dr-history'

const alert = (n: number, phase: DrAlert['phase'] = 'raised'): DrAlert => ({
  id: `node-down:c1:n${n}:${n}`,
  at: n,
  kind: 'node-down',
  phase,
  clusterId: 'c1',
  subject: `n${n}`,
  node: `n${n}`,
  params: {},
})

const home = (): string => mkdtempSync(join(tmpdir(), 'pvedesk-dr-history-'))

describe('DrHistory', () => {
  it('keeps the alerts newest first across restarts, at most MAX_DR_ALERTS, and clears', async () => {
    const dir = home()
    const history = new DrHistory(dir)
    await history.append([alert(1), alert(2)])
    await history.append([alert(3, 'cleared')])
    expect((await history.list()).map((a) => a.at)).toEqual([3, 2, 1])
    const again = new DrHistory(dir)
    expect((await again.list()).map((a) => a.at)).toEqual([3, 2, 1])
    await again.append(Array.from({ length: MAX_DR_ALERTS + 5 }, (_, i) => alert(10 + i)))
    const list = await again.list()
    expect(list.length).toBe(MAX_DR_ALERTS)
    expect(list[0]?.at).toBe(10 + MAX_DR_ALERTS + 4)
    await again.clear()
    expect(await new DrHistory(dir).list()).toEqual([])
    // Only the file itself: no temporary file left behind.
    expect(readdirSync(dir)).toEqual([DR_HISTORY_FILE])
  })

  it('moves a corrupt, foreign or huge file aside, says so, and starts empty', async () => {
    for (const content of [
      '{"format":"pvedesk-dr-alerts","alerts":[{',
      '{"format":"other","alerts":[]}',
      'x'.repeat(MAX_HISTORY_BYTES + 1),
    ]) {
      const dir = home()
      writeFileSync(join(dir, DR_HISTORY_FILE), content)
      const reports: string[] = []
      const history = new DrHistory(
        dir,
        (m) => reports.push(m),
        () => 42,
      )
      expect(await history.list()).toEqual([])
      expect(reports).toHaveLength(1)
      expect(reports[0]).toContain(`${DR_HISTORY_FILE}.unreadable-42`)
      expect(readFileSync(join(dir, `${DR_HISTORY_FILE}.unreadable-42`), 'utf8')).toBe(content)
      await history.append([alert(1)])
      expect((await new DrHistory(dir).list()).map((a) => a.at)).toEqual([1])
    }
  })

  it('refuses an entry that is not an alert (an edited file with a script in it is not shown)', async () => {
    const dir = home()
    const bad = { ...alert(1), kind: '<script>alert(1)</script>' }
    writeFileSync(join(dir, DR_HISTORY_FILE), JSON.stringify({ format: 'pvedesk-dr-alerts', alerts: [bad] }))
    expect(await new DrHistory(dir, () => undefined).list()).toEqual([])
  })
})
