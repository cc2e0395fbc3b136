import { readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'

import { z } from 'zod'

import type { DrAlert } from '../../shared/model/dr'
import { DrAlert as AlertSchema, MAX_DR_ALERTS } from '../../shared/model/dr'
import { writeFileAtomic } from '../platform/atomic-file'

export const DR_HISTORY_FILE = 'dr-alerts.json'
/** Far above MAX_DR_ALERTS alerts (each well under 2 KB); a larger file is not ours, or not any more. */
export const MAX_HISTORY_BYTES = 4 * 1024 * 1024

const HistoryFile = z.object({
  format: z.literal('pvedesk-dr-alerts'),
  alerts: z.array(AlertSchema).max(MAX_DR_ALERTS),
})

/**
 * The local history of DR alerts (home/dr-alerts.json), newest first, at most MAX_DR_ALERTS. Written whole and
 * atomically after each batch, one write at a time. A file that cannot be read (corrupt, edited, huge) is moved
 * aside (`dr-alerts.json.unreadable-<ms>`), reported once, and the history starts empty: it never stops the app.
 */
export class DrHistory {
  readonly path: string
  private alerts: DrAlert[] | undefined
  private chain: Promise<unknown> = Promise.resolve()

  constructor(
    home: string,
    private readonly report: (message: string) => void = (m) => console.error(m),
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(home, DR_HISTORY_FILE)
  }

  list(): Promise<DrAlert[]> {
    return this.serial(async () => [...(await this.loaded())])
  }

  /** Adds a batch (newest last, as transitions come) in front of the history, and writes it. */
  append(batch: readonly DrAlert[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve()
    return this.serial(async () => {
      const current = await this.loaded()
      this.alerts = [...[...batch].reverse(), ...current].slice(0, MAX_DR_ALERTS)
      await this.write()
    })
  }

  clear(): Promise<void> {
    return this.serial(async () => {
      this.alerts = []
      await this.write()
    })
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task)
    this.chain = next.catch(() => undefined)
    return next
  }

  private async write(): Promise<void> {
    await writeFileAtomic(
      this.path,
      `${JSON.stringify({ format: 'pvedesk-dr-alerts', alerts: this.alerts })}\n`,
    )
  }

  private async loaded(): Promise<DrAlert[]> {
    if (this.alerts !== undefined) return this.alerts
    this.alerts = await this.readFile()
    return this.alerts
  }

  private async readFile(): Promise<DrAlert[]> {
    let size: number
    try {
      size = (await stat(this.path)).size
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      this.report(`[dr] the DR alert history ${this.path} cannot be read (${String(error)}): starting empty`)
      return []
    }
    if (size > MAX_HISTORY_BYTES) return this.moveAside(`${size} bytes, more than ${MAX_HISTORY_BYTES}`)
    let parsed
    try {
      parsed = HistoryFile.safeParse(JSON.parse(await readFile(this.path, 'utf8')))
    } catch (error) {
      return this.moveAside(error instanceof SyntaxError ? 'not JSON' : String(error))
    }
    if (!parsed.success) return this.moveAside('not a DR alert history')
    return parsed.data.alerts
  }

  private async moveAside(why: string): Promise<DrAlert[]> {
    const aside = `${this.path}.unreadable-${this.now()}`
    try {
      await rename(this.path, aside)
      this.report(
        `[dr] the DR alert history ${this.path} cannot be read (${why}): moved to ${aside}, starting empty`,
      )
    } catch (error) {
      this.report(
        `[dr] the DR alert history ${this.path} cannot be read (${why}) nor moved aside: ${String(error)}`,
      )
    }
    return []
  }
}
