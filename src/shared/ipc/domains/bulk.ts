import { z } from 'zod'

import { BulkAction, BulkPlan, BulkProgress } from '../../model/bulk'
import { GuestRef } from '../../model/guest-action'
import { defineDomain } from '../domain'

const planId = z.string().min(1).max(64)
const bulkId = z.string().min(1).max(64)

/** One action over many guests across clusters: plan (preview), run, cancel, follow. */
export const bulkDomain = defineDomain('bulk', {
  invoke: {
    /**
     * What would run where and what is skipped and why, from main's live fleet and cached privileges. The plan
     * is kept in main for a while under `planId`: `bulk:run` runs exactly it, never a list the renderer edits.
     */
    'bulk:plan': {
      request: z
        .object({
          guests: z.array(GuestRef).min(1).max(20_000),
          action: BulkAction,
          concurrency: z.number().int().min(1).max(16).optional(),
        })
        .strict(),
      response: BulkPlan,
    },
    /** Runs a plan; its progress comes as `bulk:progress` events. */
    'bulk:run': { request: z.object({ planId }).strict(), response: z.object({ bulkId }) },
    /** Starts nothing more; actions already started go on (their tasks can be stopped one by one). */
    'bulk:cancel': { request: z.object({ bulkId }).strict(), response: z.null() },
    /** The bulk runs of this session (running and ended), newest first. */
    'bulk:list': { request: z.object({}).strict(), response: z.array(BulkProgress) },
  },
  events: {
    /** A bulk run moved on: the whole result list each time (at most a few per second). */
    'bulk:progress': BulkProgress,
  },
  streams: {},
})
