import type { BulkActionKind } from '../shared/model/bulk'
import { BULK_ACTIONS } from './bulk-options'
import { bulkCommand } from './bulk-command'
import type { Values } from './cli-options'
import { need, refuseOptions, usage } from './cli-options'
import type { CliContext } from './context'
import type { GuestCommand, SnapshotCommand } from './guest-action-options'
import { GUEST_COMMANDS, SNAPSHOT_COMMANDS } from './guest-action-options'
import { guestCommand, snapshotCommand } from './guest-commands'
import { snapshotList } from './guest-snapshot-list'
import { taskList, taskLogCommand, taskStop } from './task-commands'

const is = <T extends string>(words: readonly T[], word: string | undefined): word is T =>
  (words as readonly string[]).includes(word ?? '')

/** No more positionals than the command takes. */
function upTo(positionals: readonly string[], count: number): void {
  const extra = positionals[count]
  if (extra !== undefined) throw usage(`unexpected argument ${extra}`)
}

/** `pvedesk guest …`, `pvedesk task …`, `pvedesk bulk …`: what acts on guests and follows tasks. */
export function actionCommand(ctx: CliContext, positionals: readonly string[], v: Values): Promise<number> {
  const [command, sub, a, b] = positionals
  if (command === 'guest' && sub === 'snapshot') {
    const [, , word, target, name] = positionals
    if (word === 'list') {
      upTo(positionals, 4)
      refuseOptions(v, ['json'], 'guest snapshot list')
      return snapshotList(ctx, need(target, 'CLUSTER/VMID'), v.json)
    }
    if (is<SnapshotCommand>(SNAPSHOT_COMMANDS, word)) {
      upTo(positionals, 5)
      return snapshotCommand(ctx, word, need(target, 'CLUSTER/VMID'), need(name, 'NAME'), v)
    }
    throw usage(`unknown command: guest snapshot ${word ?? ''} (pvedesk --help)`)
  }
  if (command === 'guest' && is<GuestCommand>(GUEST_COMMANDS, sub)) {
    upTo(positionals, 3)
    return guestCommand(ctx, sub, need(a, 'CLUSTER/VMID'), v)
  }
  if (command === 'task' && sub === 'list') {
    upTo(positionals, 2)
    refuseOptions(v, ['cluster', 'running', 'errors', 'json'], 'task list')
    return taskList(ctx, { clusterIds: v.cluster ?? [], running: v.running, errors: v.errors, json: v.json })
  }
  if (command === 'task' && sub === 'log') {
    upTo(positionals, 4)
    refuseOptions(v, ['follow'], 'task log')
    return taskLogCommand(ctx, need(a, 'CLUSTER'), need(b, 'UPID'), v.follow)
  }
  if (command === 'task' && sub === 'stop') {
    upTo(positionals, 4)
    refuseOptions(v, [], 'task stop')
    return taskStop(ctx, need(a, 'CLUSTER'), need(b, 'UPID'))
  }
  if (command === 'bulk' && is<BulkActionKind>(BULK_ACTIONS, sub)) {
    upTo(positionals, 2)
    return bulkCommand(ctx, sub, v)
  }
  throw usage(`unknown command: ${[command, sub].filter(Boolean).join(' ')} (pvedesk --help)`)
}
