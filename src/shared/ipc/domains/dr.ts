import { z } from 'zod'

import { DrAlert, DrReport, DrTargets } from '../../model/dr'
import { defineDomain } from '../domain'
import { empty } from '../schemas'

/**
 * Disaster recovery: the DR matrix and the site health, refreshed by main on its own cadence for every connected
 * cluster (so that a transition notifies even when the DR view is closed), the targets kept in the settings file,
 * and the local history of alerts.
 */
export const drDomain = defineDomain('dr', {
  invoke: {
    /** The newest report (computed at once from what main holds if none yet). Subscribe to `dr:changed` first. */
    'dr:report': { request: empty, response: DrReport },
    /** Reads every connected cluster again now; answers the new report. */
    'dr:refresh': { request: empty, response: DrReport, cancellable: true },
    'dr:targets': { request: empty, response: DrTargets },
    /** Replaces the targets (validated again in main); answers the report evaluated against them. */
    'dr:setTargets': { request: z.object({ targets: DrTargets }).strict(), response: DrReport },
    /** The local history of alerts, newest first. */
    'dr:history': { request: empty, response: z.array(DrAlert) },
    'dr:clearHistory': { request: empty, response: z.null() },
  },
  events: {
    'dr:changed': DrReport,
    /** One new alert (also in the history): the renderer shows it; Electron also raises an OS notification. */
    'dr:alert': DrAlert,
  },
  streams: {},
})
