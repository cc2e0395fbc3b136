import { parseArgs } from 'node:util'

import { ExportFormat } from '../shared/ipc/domains/inventory'
import { AppError } from '../shared/ipc/errors'
import { KeyringSigningKeyStore } from '../main/secrets/signing-key-store'
import { clusterAdd, clusterList, clusterRemove, clusterTrust } from './cluster-commands'
import type { CliContext } from './context'
import { createContext } from './context'
import { EXIT, exitCodeFor } from './exit-codes'
import { inventoryCapture } from './inventory-capture-command'
import { inventoryKey, inventoryShow, inventoryVerify } from './inventory-file-commands'
import { inventoryDiff, inventoryExport } from './inventory-report-commands'
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

  pvedesk inventory capture [--cluster ID]… --output FILE|FOLDER   (an existing FILE is refused)
  pvedesk inventory verify FILE [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory show FILE [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory diff A B [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory export FILE --format xlsx|csv|json|html|pdf --output PATH [--signer KEY|FINGERPRINT]
  pvedesk inventory key

Settings: $PVEDESK_HOME, else the platform's application-data folder. Secrets and the inventory signing key:
the OS keychain only. verify, show, diff and export need neither settings nor keychain.
Exit status: 0 ok, 1 internal, 2 usage, 3 tls_untrusted, 4 auth_failed, 5 forbidden, 6 unreachable,
7 not_found, 8 failed (PVE error or failed task), 9 keychain_unavailable, 10 inventory snapshot invalid
(unreadable, changed, or not signed by the key required).`

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
  cluster: { type: 'string', multiple: true },
  output: { type: 'string' },
  format: { type: 'string' },
  signer: { type: 'string' },
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
    // Read only by the commands that need the settings: an auditor's laptop has neither settings nor keychain.
    let context: Promise<CliContext> | undefined
    const ctx = (): Promise<CliContext> => (context ??= createContext(io))
    if (positionals[0] === 'inventory') return await inventory(ctx, io, positionals.slice(1), values)
    return await dispatch(await ctx(), positionals, values)
  } catch (error) {
    const e =
      error instanceof TypeError && 'code' in error
        ? new AppError({ code: 'invalid_request', message: error.message })
        : AppError.from(error)
    io.err(`pvedesk: ${e.code}: ${e.message}`)
    return exitCodeFor(e.code)
  }
}

const need = (value: string | undefined, what: string): string => {
  if (value === undefined || value === '')
    throw new AppError({ code: 'invalid_request', message: `missing ${what}` })
  return value
}

/** `pvedesk inventory …`: only `capture` reads the settings; `key` the keychain; the others neither. */
function inventory(
  ctx: () => Promise<CliContext>,
  io: Pick<CliContext, 'out' | 'err'>,
  [sub, ...args]: string[],
  v: Values,
): Promise<number> {
  const take = (count: number, what: string[]): string[] => {
    if (args.length > count)
      throw new AppError({ code: 'invalid_request', message: `unexpected argument ${args[count] ?? ''}` })
    return what.map((name, i) => need(args[i], name))
  }
  switch (sub) {
    case 'capture':
      take(0, [])
      return ctx().then((c) =>
        inventoryCapture(c, { clusterIds: v.cluster ?? [], output: need(v.output, '--output') }),
      )
    case 'verify': {
      const [file] = take(1, ['FILE']) as [string]
      return inventoryVerify(io, file, {
        ...(v.signer === undefined ? {} : { signer: v.signer }),
        json: v.json,
      })
    }
    case 'show': {
      const [file] = take(1, ['FILE']) as [string]
      return inventoryShow(io, file, {
        ...(v.signer === undefined ? {} : { signer: v.signer }),
        json: v.json,
      })
    }
    case 'diff': {
      const [a, b] = take(2, ['A', 'B']) as [string, string]
      return inventoryDiff(io, a, b, {
        ...(v.signer === undefined ? {} : { signer: v.signer }),
        json: v.json,
      })
    }
    case 'export': {
      const [file] = take(1, ['FILE']) as [string]
      const format = ExportFormat.safeParse(v.format)
      if (!format.success)
        throw new AppError({ code: 'invalid_request', message: '--format is xlsx, csv, json, html or pdf' })
      return inventoryExport(io, file, {
        format: format.data,
        output: need(v.output, '--output'),
        ...(v.signer === undefined ? {} : { signer: v.signer }),
      })
    }
    case 'key':
      take(0, [])
      return inventoryKey(io, new KeyringSigningKeyStore())
    default:
      throw new AppError({
        code: 'invalid_request',
        message: `unknown command: inventory ${sub ?? ''} (pvedesk --help)`,
      })
  }
}

function dispatch(ctx: CliContext, [command, sub, arg, extra]: string[], v: Values): Promise<number> {
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
    if ((v.cluster?.length ?? 0) > 1)
      throw new AppError({ code: 'invalid_request', message: 'resources takes one --cluster' })
    return resources(ctx, v.cluster?.[0], v.type as ResourceType, format)
  }
  if (command === 'guest' && GUEST_ACTIONS.includes(sub as GuestAction)) {
    return guestAction(ctx, sub as GuestAction, need(arg, '<cluster>/<vmid>'), v.wait)
  }
  throw new AppError({
    code: 'invalid_request',
    message: `unknown command: ${[command, sub].filter(Boolean).join(' ')} (pvedesk --help)`,
  })
}
