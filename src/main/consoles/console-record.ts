import {
  appendFileSync,
  closeSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'

import { ConsoleRecord } from '../../shared/model/console'

export const RECORD_FILE = 'console-sessions.jsonl'
/** The file is cut back to its newest {@link KEEP_BYTES} once it grows past this. */
export const ROTATE_BYTES = 2 * 1024 * 1024
const KEEP_BYTES = 1024 * 1024
/** A line longer than this is not one of ours (a record is a few hundred bytes): it is skipped. */
const MAX_LINE = 16 * 1024
export const DEFAULT_HISTORY = 500

/**
 * The local record of console sessions: `<home>/console-sessions.jsonl`, one JSON line per console connection
 * when it opens and another, complete, when it ends (the later line wins), so a record survives a crash with
 * what was known. Who, what, when, how long, how it ended — never a keystroke or a pixel. Bounded: past
 * {@link ROTATE_BYTES} the oldest lines go. Read back tolerantly: a torn last line (a crash mid-write) or a line
 * edited by hand is skipped, never fatal.
 *
 * Appends are synchronous: a line is small and rare (a console opening or ending), and the end lines written
 * while PVE Desk quits must reach the disk before the process is gone.
 */
export class ConsoleRecordStore {
  readonly path: string
  readonly localUser: string

  constructor(
    home: string,
    private readonly options: { rotateBytes?: number; keepBytes?: number } = {},
  ) {
    this.path = join(home, RECORD_FILE)
    this.localUser = localUserName()
  }

  /** Writes the record as it is now (at open, then again at the end). A failing disk is logged, never thrown. */
  write(record: ConsoleRecord): void {
    let line = `${JSON.stringify(record)}\n`
    try {
      if (sizeOf(this.path) + line.length > (this.options.rotateBytes ?? ROTATE_BYTES)) this.rotate()
      const size = sizeOf(this.path)
      // A line torn by a crash (or a hand edit without its newline) must not swallow this record too.
      if (size > 0 && !endsWithNewline(this.path, size)) line = `\n${line}`
      appendFileSync(this.path, line, { encoding: 'utf8', mode: 0o600 })
    } catch (error) {
      console.error(`[consoles] cannot write ${this.path}: ${String(error)}`)
    }
  }

  /**
   * The newest `limit` console connections, newest first: each as its last line says (ended, or still open
   * when PVE Desk stopped without writing the end).
   */
  async list(limit = DEFAULT_HISTORY): Promise<ConsoleRecord[]> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const latest = new Map<string, ConsoleRecord>()
    for (const line of text.split('\n')) {
      const record = parseLine(line)
      if (record !== undefined) latest.set(keyOf(record), record)
    }
    return [...latest.values()].sort((a, b) => b.openedAt - a.openedAt).slice(0, limit)
  }

  /** Keeps the newest whole lines, written aside and renamed over the file (a reader sees one or the other). */
  private rotate(): void {
    const all = readFileSync(this.path)
    const keep = this.options.keepBytes ?? KEEP_BYTES
    const cut = all.length - keep
    // From the first line start past the cut: whole lines only.
    const start = cut <= 0 ? 0 : all.indexOf(0x0a, cut - 1) + 1
    const kept = start <= 0 && cut > 0 ? Buffer.alloc(0) : all.subarray(start)
    const aside = `${this.path}.${process.pid}.tmp`
    const fd = openSync(aside, 'w', 0o600)
    try {
      writeSync(fd, kept)
    } finally {
      closeSync(fd)
    }
    renameSync(aside, this.path)
  }
}

/** One connection: a reconnect gets a new `openedAt` (see ConsoleSession), the same console id. */
const keyOf = (record: ConsoleRecord): string => `${record.consoleId}\u0000${record.openedAt}`

function parseLine(line: string): ConsoleRecord | undefined {
  if (line.length === 0 || line.length > MAX_LINE) return undefined
  try {
    const parsed = ConsoleRecord.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r')
  try {
    const last = Buffer.alloc(1)
    readSync(fd, last, 0, 1, size - 1)
    return last[0] === 0x0a
  } finally {
    closeSync(fd)
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}

/** The operating-system account running PVE Desk (`os.userInfo()` throws where the account has no entry). */
function localUserName(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}
