import { parseArgs } from 'node:util'

import { ExportFormat } from '../shared/ipc/domains/inventory'
import { AppError } from '../shared/ipc/errors'
import { KeyringSigningKeyStore } from '../main/secrets/signing-key-store'
import { clusterAdd, clusterList, clusterRemove, clusterTrust } from './cluster-commands'
import { actionCommand } from './action-dispatch'
import { need, OPTIONS, usage } from './cli-options'
import type { Values } from './cli-options'
import type { CliContext, CliIo } from './context'
import { createContext } from './context'
import { EXIT, exitCodeFor } from './exit-codes'
import { parseFilter } from './filter'
import { printable } from './printable'
import { drCommand } from './dr-command'
import { inventoryCapture } from './inventory-capture-command'
import { inventoryKey, inventoryShow, inventoryVerify } from './inventory-file-commands'
import { inventoryDiff, inventoryExport } from './inventory-report-commands'
import type { OutputFormat, ResourceType } from './resources-command'
import { resources } from './resources-command'

export const USAGE = `pvedesk — PVE Desk's clusters from scripts and cron (same settings and keychain as the app)

  pvedesk cluster add <id> --endpoint URL [--endpoint URL…] --username USER@REALM
                           (--password-stdin | --token-id ID --token-secret-stdin)
                           [--fingerprint FP…  | --trust] [--name NAME] [--site SITE] [--read-only]
  pvedesk cluster list [--json]
  pvedesk cluster remove <id>
  pvedesk cluster trust <id> --endpoint URL --fingerprint FP (--password-stdin | --token-secret-stdin)
  pvedesk resources [--cluster ID] [--type vm|node|storage] [--filter QUERY] [--json|--csv]

  pvedesk guest start|stop|reboot|reset|resume CLUSTER/VMID [--wait]
  pvedesk guest shutdown CLUSTER/VMID [--timeout S] [--force-stop] [--wait]
  pvedesk guest suspend CLUSTER/VMID [--todisk] [--wait]
  pvedesk guest migrate CLUSTER/VMID --target NODE [--online] [--with-local-disks] [--restart] [--wait]
  pvedesk guest backup CLUSTER/VMID [--storage S] [--mode snapshot|suspend|stop] [--compress zstd|lzo|gzip|0]
                       [--protected] [--notes TEXT] [--wait]
  pvedesk guest snapshot list CLUSTER/VMID [--json]
  pvedesk guest snapshot create CLUSTER/VMID NAME [--vmstate] [--description TEXT] [--wait]
  pvedesk guest snapshot rollback CLUSTER/VMID NAME [--start] [--wait]
  pvedesk guest snapshot delete CLUSTER/VMID NAME [--wait]
  pvedesk task list [--cluster ID]… [--running] [--errors] [--json]
  pvedesk task log CLUSTER UPID [--follow]
  pvedesk task stop CLUSTER UPID
  pvedesk bulk start|shutdown|stop|reboot|suspend|resume|migrate|backup|snapshot --filter QUERY [--cluster ID]…
               [--target NODE|CLUSTER=NODE]… [--online] [--storage S|CLUSTER=S]… [--mode M] [--compress C]
               [--protected] [--notes TEXT] [--name SNAPSHOT] [--vmstate] [--timeout S] [--force-stop]
               [--concurrency N] [--dry-run] [--yes] [--json]

  pvedesk dr [--cluster ID] [--json]   (disaster recovery: each guest against its targets, then each site)

  pvedesk inventory capture [--cluster ID]… --output FILE|FOLDER   (an existing FILE is refused)
  pvedesk inventory verify FILE [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory show FILE [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory diff A B [--signer KEY|FINGERPRINT] [--json]
  pvedesk inventory export FILE --format xlsx|csv|json|html|pdf --output PATH [--signer KEY|FINGERPRINT]
  pvedesk inventory key

Settings: $PVEDESK_HOME, else the platform's application-data folder. Secrets and the inventory signing key:
the OS keychain only. verify, show, diff and export need neither settings nor keychain.
QUERY: the search of the app's tree: words, name: vmid: tag: node: site: cluster: status: type: pool: ha: lock:
template:, -negated, a,b alternatives, * ? wildcards, "quoted values". Times are UTC.
A read-only cluster refuses every action (exit 5). Ctrl-C stops waiting (a bulk run starts nothing new; twice quits).
Exit status: 0 ok, 1 internal, 2 usage, 3 tls_untrusted, 4 auth_failed, 5 forbidden or read_only,
6 unreachable, 7 not_found, 8 failed (PVE error or failed task), 9 keychain_unavailable, 10 inventory snapshot
invalid (unreadable, changed, or not signed by the key required), 11 dr_red (pvedesk dr: a guest is red),
130 interrupted (Ctrl-C).`

/** Runs one command line; returns the exit status. Errors go to stderr as `pvedesk: <code>: <message>`. */
export async function runCli(
  argv: string[],
  io: CliIo,
  makeContext: (io: CliIo) => Promise<CliContext> = createContext,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    })
    if (values.help || positionals.length === 0 || (positionals[0] === 'help' && positionals.length === 1)) {
      io.out(USAGE)
      return positionals.length === 0 && !values.help ? EXIT.usage : EXIT.ok
    }
    // Read only by the commands that need the settings: an auditor's laptop has neither settings nor keychain.
    let context: Promise<CliContext> | undefined
    const ctx = (): Promise<CliContext> => (context ??= makeContext(io))
    if (positionals[0] === 'inventory') return await inventory(ctx, io, positionals.slice(1), values)
    if (['guest', 'task', 'bulk'].includes(positionals[0] ?? ''))
      return await actionCommand(await ctx(), positionals, values)
    return await dispatch(await ctx(), positionals, values)
  } catch (error) {
    const e =
      error instanceof TypeError && 'code' in error
        ? new AppError({ code: 'invalid_request', message: error.message })
        : AppError.from(error)
    // Ctrl-C: what was started goes on in PVE; only this command stopped waiting for it.
    if (e.code === 'cancelled' && io.signal?.aborted === true) {
      io.err(`pvedesk: interrupted: ${printable(e.message)}`)
      return EXIT.interrupted
    }
    // A refusal's text may be a server's own (PVE's 403/500 message): it never drives the terminal.
    io.err(`pvedesk: ${e.code}: ${printable(e.message, { keepNewlines: true })}`)
    return exitCodeFor(e.code)
  }
}

/** `pvedesk inventory …`: only `capture` reads the settings; `key` the keychain; the others neither. */
function inventory(
  ctx: () => Promise<CliContext>,
  io: CliIo,
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
  if (extra !== undefined) throw usage(`unexpected argument ${extra}`)
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
    if (!['vm', 'node', 'storage'].includes(v.type)) throw usage('--type is vm, node or storage')
    const format: OutputFormat = v.json ? 'json' : v.csv ? 'csv' : 'table'
    if ((v.cluster?.length ?? 0) > 1) throw usage('resources takes one --cluster')
    if (v.filter !== undefined && v.type !== 'vm') throw usage('--filter is for guests (--type vm)')
    const filter = v.filter === undefined ? undefined : parseFilter(v.filter, { required: false })
    return resources(ctx, v.cluster?.[0], v.type as ResourceType, format, filter)
  }
  if (command === 'dr' && sub === undefined) {
    if ((v.cluster?.length ?? 0) > 1) throw usage('dr takes one --cluster')
    return drCommand(ctx, {
      ...(v.cluster?.[0] === undefined ? {} : { clusterId: v.cluster[0] }),
      json: v.json,
    })
  }
  throw usage(`unknown command: ${[command, sub].filter(Boolean).join(' ')} (pvedesk --help)`)
}
