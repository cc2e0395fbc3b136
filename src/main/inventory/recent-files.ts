import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'

import { z } from 'zod'

import { writeFileAtomic } from '../platform/atomic-file'

export const RECENT_FILE = 'inventory-recent.json'
/** How many opened files are remembered. */
export const MAX_RECENT = 10
/** A recent file larger than this was not written by PVE Desk: it is ignored unread. */
const MAX_RECENT_BYTES = 64 * 1024

const RecentFileSchema = z.object({
  schemaVersion: z.literal(1),
  files: z.array(z.string().min(1).max(4096).refine(isAbsolute, 'an absolute path')).max(100),
})

/**
 * `<home>/inventory-recent.json`: the inventory snapshot files opened last, newest first. A file edited by hand
 * or torn is reported and ignored (the list starts again), never fatal; writes are atomic.
 */
export class RecentInventoryFiles {
  readonly path: string
  /** One write at a time, in call order: two opens in a row must not lose one of them. */
  private writing: Promise<void> = Promise.resolve()

  constructor(
    home: string,
    private readonly report: (message: string) => void = (m) => console.warn(`[inventory] ${m}`),
  ) {
    this.path = join(home, RECENT_FILE)
  }

  async list(): Promise<string[]> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.report(`cannot read ${this.path}: ${String(error)}`)
      return []
    }
    if (text.length > MAX_RECENT_BYTES) {
      this.report(`${this.path} is too large to be PVE Desk's list of recent files: ignored`)
      return []
    }
    let parsed: z.ZodSafeParseResult<z.infer<typeof RecentFileSchema>>
    try {
      parsed = RecentFileSchema.safeParse(JSON.parse(text))
    } catch {
      this.report(`${this.path} is not JSON: ignored`)
      return []
    }
    if (!parsed.success) {
      this.report(`${this.path} does not read as a list of recent files: ignored`)
      return []
    }
    return [...new Set(parsed.data.files)].slice(0, MAX_RECENT)
  }

  /** Puts `path` first (once), keeping the newest {@link MAX_RECENT}. */
  add(path: string): Promise<void> {
    const next = this.writing.then(async () => {
      const files = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, MAX_RECENT)
      await writeFileAtomic(this.path, `${JSON.stringify({ schemaVersion: 1, files }, null, 2)}\n`)
    })
    this.writing = next.catch((error: unknown) => {
      this.report(`cannot write ${this.path}: ${String(error)}`)
    })
    return this.writing
  }
}
