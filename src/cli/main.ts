import { parseArgs } from 'node:util'

import { AppError } from '../shared/ipc/errors'
import { clusterAdd, clusterList, clusterRemove, clusterTrust } from './cluster-commands'
import type { CliContext } from './context'
import { createContext } from './context'
import { EXIT, exitCodeFor } from './exit-codes'
import type { GuestAction } from './guest-command'
import { GUEST_ACTIONS, guestAction } from './guest-command'
import type { OutputFormat, ResourceType } from './resources-command'
import { resources } from './resources-command'

export const USAGE = `pvedesk — PVE Desk's clusters from scripts and cron (same settings and keychain as the app)

  pvedesk cluster add <id> --endpoint URL [--endpoint URL…] --username USER@REALM
                           (--password-stdin | --token-id ID --token-secret-stdin)
                           [--fingerprint FP…  | --trust] [--name NAME] [--site SITE] [--read-only]
  pvedesk cluster list [--json]
  pvedesk cluster remove <id>
  pvedesk cluster trust <id> --endpoint URL --fingerprint FP (--password-stdin | --token-secret-stdin)
  pvedesk resources [--cluster ID] [--type vm|node|storage] [--json|--csv]
  pvedesk guest start|shutdown|stop|reboot|suspend|resume <cluster>/<vmid> [--wait]

Settings: $PVEDESK_HOME, else the platform's application-data folder. Secrets: the OS keychain only.
Exit status: 0 ok, 1 internal, 2 usage, 3 tls_untrusted, 4 auth_failed, 5 forbidden, 6 unreachable,
7 not_found, 8 failed (PVE error or failed task), 9 keychain_unavailable.`

const OPTIONS = {
  endpoint: { type: 'string', multiple: true },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  'token-id': { type: 'string' },
  'token-secret-stdin': { type: 'boolean', default: false },
  fingerprint: { type: 'string', multiple: true },
  trust: { type: 'boolean', default: false },
  name: { type: 'string' },
  site: { type: 'string' },
  'read-only': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  cluster: { type: 'string' },
  type: { type: 'string', default: 'vm' },
  wait: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

/** Runs one command line; returns the exit status. Errors go to stderr as `pvedesk: <code>: <message>`. */
export async function runCli(argv: string[], io: Pick<CliContext, 'out' | 'err' | 'stdin'>): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    })
    if (values.help || positionals.length === 0) {
      io.out(USAGE)
      return positionals.length === 0 && !values.help ? EXIT.usage : EXIT.ok
    }
    return await dispatch(await createContext(io), positionals, values)
  } catch (error) {
    const e =
      error instanceof TypeError && 'code' in error
        ? new AppError({ code: 'invalid_request', message: error.message })
        : AppError.from(error)
    io.err(`pvedesk: ${e.code}: ${e.message}`)
    return exitCodeFor(e.code)
  }
}

function dispatch(ctx: CliContext, [command, sub, arg, extra]: string[], v: Values): Promise<number> {
  const need = (value: string | undefined, what: string): string => {
    if (value === undefined || value === '')
      throw new AppError({ code: 'invalid_request', message: `missing ${what}` })
    return value
  }
  if (extra !== undefined)
    throw new AppError({ code: 'invalid_request', message: `unexpected argument ${extra}` })
  if (command === 'cluster' && sub === 'add') {
    return clusterAdd(ctx, {
      id: need(arg, '<id>'),
      endpoints: v.endpoint ?? [],
      username: need(v.username, '--username'),
      passwordStdin: v['password-stdin'],
      ...(v['token-id'] === undefined ? {} : { tokenId: v['token-id'] }),
      tokenSecretStdin: v['token-secret-stdin'],
      fingerprints: v.fingerprint ?? [],
      trust: v.trust,
      ...(v.name === undefined ? {} : { name: v.name }),
      ...(v.site === undefined ? {} : { site: v.site }),
      readOnly: v['read-only'],
    })
  }
  if (command === 'cluster' && sub === 'list') return clusterList(ctx, v.json)
  if (command === 'cluster' && sub === 'remove') return clusterRemove(ctx, need(arg, '<id>'))
  if (command === 'cluster' && sub === 'trust') {
    return clusterTrust(ctx, need(arg, '<id>'), {
      endpoint: need(v.endpoint?.[0], '--endpoint'),
      fingerprint: need(v.fingerprint?.[0], '--fingerprint'),
      passwordStdin: v['password-stdin'],
      tokenSecretStdin: v['token-secret-stdin'],
    })
  }
  if (command === 'resources' && sub === undefined) {
    if (!['vm', 'node', 'storage'].includes(v.type))
      throw new AppError({ code: 'invalid_request', message: '--type is vm, node or storage' })
    const format: OutputFormat = v.json ? 'json' : v.csv ? 'csv' : 'table'
    return resources(ctx, v.cluster, v.type as ResourceType, format)
  }
  if (command === 'guest' && GUEST_ACTIONS.includes(sub as GuestAction)) {
    return guestAction(ctx, sub as GuestAction, need(arg, '<cluster>/<vmid>'), v.wait)
  }
  throw new AppError({
    code: 'invalid_request',
    message: `unknown command: ${[command, sub].filter(Boolean).join(' ')} (pvedesk --help)`,
  })
}
