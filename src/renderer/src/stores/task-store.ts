/**
 * The task timeline in the renderer.
 * PLACEHOLDER: the tasks lane replaces this file; `revealTask` keeps its name and signature.
 */

/** Opens the task dock on this task (its log), e.g. from a bulk result or an action's toast. */
export function revealTask(_clusterId: string, _upid: string): void {
  // The tasks lane opens the dock here.
}
