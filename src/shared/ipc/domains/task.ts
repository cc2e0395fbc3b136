import { z } from 'zod'

import { PveTask, TaskDelta, TaskEnded, TaskLogPage } from '../../model/task'
import { defineDomain } from '../domain'
import { clusterId } from '../schemas'

const upid = z.string().min(1).max(512)

/** The task timeline across clusters: list, then deltas; logs; stopping a task. */
export const taskDomain = defineDomain('task', {
  invoke: {
    /** Every task known now, all clusters, newest first. Subscribe to `task:delta` first, then call this. */
    'task:list': { request: z.object({}).strict(), response: z.array(PveTask) },
    /** One page of a task's log. */
    'task:log': {
      request: z
        .object({
          clusterId,
          upid,
          start: z.number().int().min(0).max(10_000_000),
          limit: z.number().int().min(1).max(5_000),
        })
        .strict(),
      response: TaskLogPage,
      cancellable: true,
    },
    /** Stops a running task (`DELETE /nodes/{node}/tasks/{upid}`). */
    'task:stop': { request: z.object({ clusterId, upid }).strict(), response: z.null() },
  },
  events: {
    'task:delta': TaskDelta,
    /** A task PVE Desk started ended: the renderer notifies it. */
    'task:ended': TaskEnded,
  },
  streams: {},
})
