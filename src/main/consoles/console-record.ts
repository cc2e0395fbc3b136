import {
  constants as fsConstants,
  closeSync,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'

import { ConsoleRecord } from '../../shared/model/console'

/**
 * Append, creating the file, never through a symlink: another local process that plants a link at the record's
 * path must not have PVE Desk write into a file of its choosing (O_NOFOLLOW does not exist on Windows).
 */
const APPEND_NO_FOLLOW =
  fsConstants.O_WRONLY |
  fsConstants.O_CREAT |
  fsConstants.O_APPEND |
  (process.platform === 'win32' ? 0 : fsConstants.O_NOFOLLOW)

export const RECORD_FILE = 'console-sessions.jsonl'
/** The file is cut back to its newest {@link KEEP_BYTES} once it grows past this. */
export const ROTATE_BYTES = 2 * 1024 * 1024
const KEEP_BYTES = 1024 * 1024
/** A line longer than this is not one of ours (a record is a few hundred bytes): it is skipped. */
const MAX_LINE = 16 * 1024
/** What a record keeps of a PVE error's text and of a guest's name (PVE's text can be long: a task log). */
export const MAX_ERROR_MESSAGE = 1024
export const MAX_GUEST_NAME = 256
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
    let line = `${JSON.stringify(bounded(record))}\n`
    try {
      if (sizeOf(this.path) + line.length > (this.options.rotateBytes ?? ROTATE_BYTES)) this.rotate()
      const size = sizeOf(this.path)
      // A line torn by a crash (or a hand edit without its newline) must not swallow this record too.
      if (size > 0 && !endsWithNewline(this.path, size)) line = `\n${line}`
      const fd = openSync(this.path, APPEND_NO_FOLLOW, 0o600)
      try {
        writeSync(fd, line)
      } finally {
        closeSync(fd)
      }
    } catch (error) {
      console.error(`[consoles] cannot write ${this.path}: ${String(error)}`)
    }
  }

  /**
   * The newest `limit` console connections, newest first: each as its last line says (ended, or still open
   * when PVE Desk stopped without writing the end). Only the file's last {@link ROTATE_BYTES} are read (all of
   * it while PVE Desk alone writes it): a file inflated by another process costs no more.
   */
  async list(limit = DEFAULT_HISTORY): Promise<ConsoleRecord[]> {
    let text: string
    try {
      text = await readTail(this.path, this.options.rotateBytes ?? ROTATE_BYTES)
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

  /**
   * Keeps the newest whole lines, written aside and renamed over the file (a reader sees one or the other).
   * Only the tail is read, whatever the file's size (another local process may have inflated it), and the file
   * aside is created, never opened as found: a symlink planted there is not followed.
   */
  private rotate(): void {
    const kept = wholeLines(readTailSync(this.path, this.options.keepBytes ?? KEEP_BYTES))
    const aside = `${this.path}.${process.pid}.tmp`
    const fd = createExclusive(aside)
    try {
      writeSync(fd, kept)
    } finally {
      closeSync(fd)
    }
    renameSync(aside, this.path)
  }
}

/** The record as written: a PVE error's text and a guest's name cut, so its line stays one a reader takes. */
function bounded(record: ConsoleRecord): ConsoleRecord {
  const { guestName, error } = record
  return {
    ...record,
    ...(guestName === undefined ? {} : { guestName: cut(guestName, MAX_GUEST_NAME) }),
    ...(error === undefined
      ? {}
      : { error: { code: cut(error.code, 64), message: cut(error.message, MAX_ERROR_MESSAGE) } }),
  }
}

/** At most `max` UTF-16 units, never half a surrogate pair, `…` when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

/** The tail from the first line start in it (the line the read cut into is not a record). */
function wholeLines(tail: { bytes: Buffer; fromStart: boolean }): Buffer {
  if (tail.fromStart) return tail.bytes
  const newline = tail.bytes.indexOf(0x0a)
  return newline < 0 ? Buffer.alloc(0) : tail.bytes.subarray(newline + 1)
}

/** The last `max` bytes of the file, read through its descriptor (never the whole of a file grown huge). */
function readTailSync(path: string, max: number): { bytes: Buffer; fromStart: boolean } {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    // One byte before the tail too: when it is a newline, the tail's first line is whole.
    const start = Math.max(0, size - max - 1)
    const bytes = Buffer.alloc(size - start)
    let read = 0
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, start + read)
      if (n === 0) break
      read += n
    }
    return { bytes: bytes.subarray(0, read), fromStart: start === 0 }
  } finally {
    closeSync(fd)
  }
}

async function readTail(path: string, max: number): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const size = (await handle.stat()).size
    const start = Math.max(0, size - max - 1)
    const bytes = Buffer.alloc(size - start)
    let read = 0
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, start + read)
      if (bytesRead === 0) break
      read += bytesRead
    }
    return wholeLines({ bytes: bytes.subarray(0, read), fromStart: start === 0 }).toString('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Creates `path` (0600) for writing, failing rather than opening what is there (`wx`: O_CREAT|O_EXCL, which
 * follows no symlink). One left there — by a crash mid-rotation, or planted — is removed (the link itself, not
 * what it names) and the creation tried once more.
 */
function createExclusive(path: string): number {
  try {
    return openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    unlinkSync(path)
    return openSync(path, 'wx', 0o600)
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
