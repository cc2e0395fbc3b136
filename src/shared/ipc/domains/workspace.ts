import { z } from 'zod'

import { WorkspacePreferences } from '../../model/workspace'
import { defineDomain } from '../domain'
import { empty } from '../schemas'

/**
 * The operator's workspace, kept in the settings file: language, theme, row density, the tree's grouping,
 * folders, favourites and saved views. Main validates what it is given (the renderer is untrusted) and writes it
 * under the settings lock, never touching the clusters.
 */
export const workspaceDomain = defineDomain('workspace', {
  invoke: {
    'workspace:get': { request: empty, response: WorkspacePreferences },
    /** Replaces the whole workspace; answers what was written. */
    'workspace:set': {
      request: z.object({ preferences: WorkspacePreferences }).strict(),
      response: WorkspacePreferences,
    },
  },
  events: {},
  streams: {},
})
