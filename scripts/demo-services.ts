import { existsSync, readdirSync, statSync } from 'node:fs'

import type { AppInfo } from '../src/shared/ipc/contract'
import type { Seed } from '../src/main/platform/seed'
import { parseSeed } from '../src/main/platform/seed'
import { emptySettings } from '../src/main/platform/settings-schema'
import { SettingsStore } from '../src/main/platform/settings-store'
import { MemorySigningKeyStore } from '../src/main/secrets/signing-key-store'
import { MemoryVault } from '../src/main/secrets/vault'
import type { MainOptions, MainServices } from '../src/main/services'
import { createMainServices } from '../src/main/services'

/**
 * The demo's and the tests' composition of the real main services: a vault and an inventory signing key in
 * memory (the simulator's passwords have no business in the operator's keychain), the clusters of a seed, and
 * a home folder that must be new and empty, so that a seed can never overwrite anybody's clusters. Never part of the shipped app: the
 * production entries (src/main/index.ts, src/main/host/main.ts) take none of this.
 */
export async function startDemoServices(
  info: AppInfo,
  seed: Seed | undefined,
  host: Pick<MainOptions, 'dialogs' | 'notify' | 'notifyTask' | 'notifyDr' | 'inventoryFiles'> = {},
): Promise<MainServices> {
  const home = throwAwayHome(process.env.PVEDESK_HOME)
  // The home is new and empty: the seed's cadence can be written as the first settings file, before any reader.
  if (seed?.pollIntervalMs !== undefined || seed?.timeoutMs !== undefined) {
    const { pollIntervalMs, timeoutMs } = seed
    await new SettingsStore(home).save({
      ...emptySettings(),
      ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    })
  }
  // The inventory signing key in memory too: a demo's key signs nothing anyone should trust.
  const services = await createMainServices({
    ...host,
    home,
    vault: new MemoryVault(),
    signingKeys: new MemorySigningKeyStore(),
    info,
  })
  try {
    // Saved as the user's own clusters are, through the catalog: settings to the file, secrets to the vault.
    for (const { secret, ...cluster } of seed?.clusters ?? []) await services.clusters.save(cluster, secret)
    // The three-site fleet backs production up to the PBS datastore at Yamoussoukro: PVE cannot say where a
    // shared storage is, so the demo tells the DR targets, as an operator would in « Objectifs ».
    const yakro = seed?.clusters.some((c) => Object.values(c.sites).includes('Yamoussoukro')) === true
    if (yakro) {
      const targets = await services.dr.targets()
      await services.dr.setTargets({
        ...targets,
        storageSites: [{ storage: 'pbs-yakro', site: 'Yamoussoukro' }],
      })
    }
  } catch (error) {
    services.dispose()
    throw error
  }
  return services
}

/** `PVEDESK_HOME`, when it names an existing empty folder (the demo makes one with mkdtemp). */
export function throwAwayHome(home: string | undefined): string {
  const refuse = (why: string): never => {
    throw new Error(
      `the demo's composition needs PVEDESK_HOME set to a new, empty folder (${why}): it never opens a real home`,
    )
  }
  if (home === undefined || home === '') return refuse('it is not set')
  if (!existsSync(home) || !statSync(home).isDirectory()) return refuse(`${home} is not a folder`)
  if (readdirSync(home).length > 0) return refuse(`${home} is not empty`)
  return home
}

/**
 * The seed, when the parent asked for it with `--seed-stdin`: clusters with their secrets, through a pipe only,
 * never a file or the command line. Without the flag standard input is not read at all.
 */
export async function seedFromArgs(argv: readonly string[]): Promise<Seed | undefined> {
  if (!argv.includes('--seed-stdin')) return undefined
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return parseSeed(Buffer.concat(chunks).toString('utf8'))
}
