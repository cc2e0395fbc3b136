import type { GuestAction } from '../shared/model/guest-action'
import { BackupCompress, BackupMode, GuestAction as GuestActionSchema } from '../shared/model/guest-action'
import type { Values } from './cli-options'
import { integerOption, oneOf, refuseOptions, single, usage } from './cli-options'

/** `pvedesk guest <word>`: the power actions, migrate and backup (guest snapshots have their own words). */
export const GUEST_COMMANDS = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'reset',
  'suspend',
  'resume',
  'migrate',
  'backup',
] as const
export type GuestCommand = (typeof GUEST_COMMANDS)[number]

export const SNAPSHOT_COMMANDS = ['create', 'rollback', 'delete'] as const
export type SnapshotCommand = (typeof SNAPSHOT_COMMANDS)[number]

/** What each command may take besides `--wait`; anything else is refused (a typo must not go unnoticed). */
const ALLOWED: Record<GuestCommand | SnapshotCommand, (keyof Values)[]> = {
  start: [],
  shutdown: ['timeout', 'force-stop'],
  stop: [],
  reboot: [],
  reset: [],
  suspend: ['todisk'],
  resume: [],
  migrate: ['target', 'online', 'with-local-disks', 'restart'],
  backup: ['storage', 'mode', 'compress', 'protected', 'notes'],
  create: ['vmstate', 'description'],
  rollback: ['start'],
  delete: [],
}

/** The options of `pvedesk guest <command>` checked against the contract's schema (PVE's own name rules). */
function checked(action: GuestAction): GuestAction {
  const parsed = GuestActionSchema.safeParse(action)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const what = issue?.path.join('.') ?? ''
    throw usage(
      `${what === 'name' ? 'NAME' : what === '' ? 'options' : `--${what}`}: ${issue?.message ?? ''}`,
    )
  }
  return parsed.data
}

/**
 * The GuestAction of a power command or migrate, from its options. Backup is built once its storage is known
 * (see `backupOptions`).
 */
export function guestAction(command: Exclude<GuestCommand, 'backup'>, v: Values): GuestAction {
  refuseOptions(v, ['wait', ...ALLOWED[command]], `guest ${command}`)
  switch (command) {
    case 'shutdown': {
      const timeout = integerOption(v.timeout, '--timeout', 1, 86_400)
      return checked({
        kind: 'shutdown',
        ...(timeout === undefined ? {} : { timeout }),
        ...(v['force-stop'] ? { forceStop: true } : {}),
      })
    }
    case 'suspend':
      return checked({ kind: 'suspend', ...(v.todisk ? { todisk: true } : {}) })
    case 'migrate': {
      const target = single(v.target, '--target')
      if (target === undefined) throw usage('missing --target NODE')
      return checked({
        kind: 'migrate',
        target,
        ...(v.online ? { online: true } : {}),
        ...(v.restart ? { restart: true } : {}),
        ...(v['with-local-disks'] ? { withLocalDisks: true } : {}),
      })
    }
    default:
      return checked({ kind: command })
  }
}

/** `guest backup`'s options but the storage, which may come from the node's backup storages. */
export function backupOptions(v: Values): {
  storage: string | undefined
  build: (storage: string) => GuestAction
} {
  refuseOptions(v, ['wait', ...ALLOWED.backup], 'guest backup')
  const mode = oneOf(v.mode, '--mode', BackupMode.options) ?? 'snapshot'
  const compress = oneOf(v.compress, '--compress', BackupCompress.options) ?? 'zstd'
  return {
    storage: single(v.storage, '--storage'),
    build: (storage) =>
      checked({
        kind: 'backup',
        storage,
        mode,
        compress,
        ...(v.protected ? { protected: true } : {}),
        ...(v.notes === undefined ? {} : { notes: v.notes }),
      }),
  }
}

/** `guest snapshot create|rollback|delete … NAME`. */
export function snapshotAction(command: SnapshotCommand, name: string, v: Values): GuestAction {
  refuseOptions(v, ['wait', ...ALLOWED[command]], `guest snapshot ${command}`)
  switch (command) {
    case 'create':
      return checked({
        kind: 'snapshotCreate',
        name,
        ...(v.description === undefined ? {} : { description: v.description }),
        ...(v.vmstate ? { vmstate: true } : {}),
      })
    case 'rollback':
      return checked({ kind: 'snapshotRollback', name, ...(v.start ? { start: true } : {}) })
    case 'delete':
      return checked({ kind: 'snapshotDelete', name })
  }
}
