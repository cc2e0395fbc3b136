import { z } from 'zod'

import {
  ActionPreferences,
  ActionStarted,
  BackupTarget,
  GuestAction,
  GuestRef,
  GuestSnapshot,
  MigrationCheck,
} from '../../model/guest-action'
import { defineDomain } from '../domain'
import { empty } from '../schemas'

/**
 * Acting on one guest. Main refuses what a read-only cluster or the user's cached privileges forbid before
 * anything reaches PVE (`read_only`, `forbidden` naming the privilege); PVE's own refusals come back with its
 * message. A started task is followed by the task tracker (see the `task` domain).
 */
export const guestDomain = defineDomain('guest', {
  invoke: {
    /** Runs one action; answers the UPID of the task PVE started (or PVE's answer when it started none). */
    'guest:action': {
      request: z.object({ guest: GuestRef, action: GuestAction }).strict(),
      response: ActionStarted,
    },
    /** PVE's migration precondition for the guest, with every node of its cluster and its load. */
    'guest:migrateCheck': {
      request: z.object({ guest: GuestRef }).strict(),
      response: MigrationCheck,
      cancellable: true,
    },
    /** Storages on the guest's node that take backups. */
    'guest:backupTargets': {
      request: z.object({ guest: GuestRef }).strict(),
      response: z.array(BackupTarget),
      cancellable: true,
    },
    /** The guest's snapshots, NOW included (`GET …/snapshot`). */
    'guest:snapshots': {
      request: z.object({ guest: GuestRef }).strict(),
      response: z.array(GuestSnapshot),
      cancellable: true,
    },
    /** The guard rails and bulk settings. */
    'guest:preferences': { request: empty, response: ActionPreferences },
    'guest:setPreferences': {
      request: z.object({ preferences: ActionPreferences }).strict(),
      response: ActionPreferences,
    },
  },
  events: {},
  streams: {},
})
