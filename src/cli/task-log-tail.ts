import { parseUpid } from '../shared/upid'
import type { TaskApi, TaskLogLine } from '../main/pve/tasks'

/** Lines of a failed task's log shown after `--wait`: its end, where PVE writes `TASK ERROR: …`. */
export const TAIL_LINES = 50
/** The first read: most logs end within it, so one request is all they cost. */
const FIRST_PAGE = 500
/**
 * The furthest line probed: a server answering a line at any `start` (or a log of millions of lines) costs at most
 * ~40 requests, never a loop.
 */
const MAX_START = 2 ** 24

export interface TaskLogTail {
  /** The last lines, in order. */
  lines: TaskLogLine[]
  /** How many lines came before them (0: the whole log is shown). */
  earlier: number
}

/**
 * The end of a task's log. PVE's `GET /nodes/{node}/tasks/{upid}/log` pages with `start`/`limit` (Tasks.pm
 * `read_task_log` → PVE::Tools `dump_logfile`: lines from `start`, none past the end) and says `total` only in the
 * envelope, which the client does not return: past the first page, the end is found by probing (doubling, then
 * halving with one-line reads), then the last lines are read.
 */
export async function taskLogTail(client: TaskApi, upid: string, count = TAIL_LINES): Promise<TaskLogTail> {
  const node = parseUpid(upid)?.node
  if (node === undefined) return { lines: [], earlier: 0 }
  const path = `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`
  const read = async (start: number, limit: number): Promise<TaskLogLine[]> => {
    const data = await client.call('GET', path, { start, limit })
    if (!Array.isArray(data)) return []
    return data
      .slice(0, limit)
      .map((line) => line as { n?: unknown; t?: unknown })
      .filter((line) => typeof line.t === 'string')
      .map((line) => ({ n: Number(line.n), t: String(line.t) }))
  }
  const first = await read(0, FIRST_PAGE)
  if (first.length < FIRST_PAGE) return tailOf(first, count)
  const exists = async (index: number): Promise<boolean> => (await read(index, 1)).length > 0
  // Line `last` exists, line `past` does not (or is beyond what we probe).
  let last = FIRST_PAGE - 1
  let past = FIRST_PAGE * 2
  while (past <= MAX_START && (await exists(past))) {
    last = past
    past *= 2
  }
  if (past <= MAX_START) {
    while (past - last > 1) {
      const middle = last + Math.floor((past - last) / 2)
      if (await exists(middle)) last = middle
      else past = middle
    }
  }
  const total = last + 1
  const start = Math.max(0, total - count)
  return { lines: await read(start, count), earlier: start }
}

function tailOf(lines: TaskLogLine[], count: number): TaskLogTail {
  const earlier = Math.max(0, lines.length - count)
  return { lines: lines.slice(earlier), earlier }
}
