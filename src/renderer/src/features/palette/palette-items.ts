import type { TFunction } from 'i18next'

import type { GuestFacts } from '../../../../shared/search/match'
import { matchGuests, searchStatus } from '../../../../shared/search/match'
import type { WorkspacePreferences } from '../../../../shared/model/workspace'
import { LanguageChoice, RowDensity, ThemeChoice, TreeGrouping } from '../../../../shared/model/workspace'
import type { FleetStore } from '../../stores/fleet-store'
import type { Selection } from '../../stores/selection'
import { ACTION_ITEMS } from '../actions/action-catalog'
import { actionAvailability } from '../actions/availability'
import type { RevealTarget } from './reveal'

/** One line of the palette: what it says, and what choosing it does (or why it cannot). */
export interface PaletteItem {
  id: string
  label: string
  description?: string
  /** Why it is shown disabled. */
  disabled?: string
  /** Marks the current choice (the grouping in use, the theme…). */
  current?: boolean
  run: () => void
}

export interface PaletteSection {
  id: string
  title: string
  items: PaletteItem[]
  /** Said under the section (the guests left out past the first ones). */
  note?: string
}

/** What the palette runs: the stores' own commands, handed in so this file stays testable without them. */
export interface PaletteCommands {
  reveal: (target: RevealTarget) => void
  updateWorkspace: (change: (p: WorkspacePreferences) => WorkspacePreferences) => void
  openShortcuts: () => void
  toggleDock: () => void
  capture: () => void
  exportCsv: () => void
  openView: (query: string, grouping: TreeGrouping) => void
  requestAction: (ref: { clusterId: string; vmid: number }, kind: (typeof ACTION_ITEMS)[number]['id']) => void
}

export interface PaletteInput {
  query: string
  fleet: Pick<FleetStore, 'clusters' | 'trees'>
  facts: readonly GuestFacts[]
  preferences: WorkspacePreferences
  selected: Selection | undefined
  /** An inventory snapshot is open: no action on guests, no task dock, no capture of it. */
  offline: boolean
  /** Why a capture cannot start now, if it cannot. */
  captureBlocked: string | undefined
  systemLanguage: string
  t: TFunction
  commands: PaletteCommands
}

export const GUEST_LIMIT = 50

/** A guest's state in the UI's words, as the tree says it. */
const statusWord = (s: ReturnType<typeof searchStatus>, t: TFunction): string =>
  s === 'suspended' ? t('search.palette.hibernated') : t(`status.${s}`)
const OTHER_LIMIT = 10

/** Case and accents aside: « theme » finds « Thème », « noeud » does not find « nœud » (a ligature, no accent). */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()

/**
 * The palette's sections for what is typed: guests by the search's own syntax (the first 50), nodes, clusters
 * and storage by name, saved views, the selected guest's actions (disabled ones saying why), and the commands
 * (groupings, theme, language, row height, shortcuts, task dock, inventory snapshot, CSV export). With nothing
 * typed: the selected guest's actions, the saved views and the commands.
 */
export function paletteSections(input: PaletteInput): PaletteSection[] {
  const { t, commands, preferences } = input
  const q = input.query.trim()
  // Every word typed, in any order, somewhere in the item's words: « thème sombre » finds « Thème : Sombre ».
  const words = fold(q)
    .split(/\s+/)
    .filter((w) => w !== '')
  const has = (...texts: string[]): boolean => {
    const text = fold(texts.join(' '))
    return words.every((w) => text.includes(w))
  }
  const sections: PaletteSection[] = []
  const add = (id: string, title: string, items: PaletteItem[], note?: string): void => {
    if (items.length > 0) sections.push({ id, title, items, ...(note === undefined ? {} : { note }) })
  }

  if (q !== '') {
    const byKey = new Map(input.facts.map((f) => [f.guest.key, f]))
    const found = matchGuests(
      q,
      input.facts.map((f) => f.guest),
      (g) => byKey.get(g.key) ?? { guest: g, site: '', clusterName: g.clusterId },
    )
    add(
      'guests',
      t('search.palette.group.guests'),
      found.slice(0, GUEST_LIMIT).map((g) => {
        const f = byKey.get(g.key)
        const site = f?.site ?? ''
        const clusterName = f?.clusterName ?? g.clusterId
        return {
          id: `guest:${g.key}`,
          label: `${g.name} (${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid})`,
          description: [clusterName, g.node, site, statusWord(searchStatus(g), t)].join(' · '),
          run: () => {
            commands.reveal({
              selection: { kind: 'guest', clusterId: g.clusterId, vmid: g.vmid },
              site,
              clusterName,
              guest: g,
            })
          },
        }
      }),
      found.length > GUEST_LIMIT
        ? t('search.palette.more', { shown: GUEST_LIMIT, count: found.length })
        : undefined,
    )
    const nodes: PaletteItem[] = []
    const storage: PaletteItem[] = []
    const clusters: PaletteItem[] = []
    for (const [clusterId, entry] of Object.entries(input.fleet.clusters)) {
      const { summary } = entry
      const groups = [...(input.fleet.trees[clusterId]?.groups.values() ?? [])]
      const siteOf = (node: string): string =>
        groups.find((g) => g.name === node)?.node?.site ?? summary.sites[node] ?? summary.defaultSite
      if (clusters.length < OTHER_LIMIT && has(summary.name, summary.id)) {
        const site = groups[0] === undefined ? summary.defaultSite : siteOf(groups[0].name)
        clusters.push({
          id: `cluster:${clusterId}`,
          label: summary.name,
          description: site,
          run: () => {
            commands.reveal({
              selection: { kind: 'cluster', site, clusterId },
              site,
              clusterName: summary.name,
            })
          },
        })
      }
      for (const group of groups) {
        const site = siteOf(group.name)
        if (group.node !== undefined && nodes.length < OTHER_LIMIT && has(group.name))
          nodes.push({
            id: `node:${clusterId}/${group.name}`,
            label: group.name,
            description: `${summary.name} · ${site}`,
            run: () => {
              commands.reveal({
                selection: { kind: 'node', clusterId, node: group.name },
                site,
                clusterName: summary.name,
              })
            },
          })
        for (const s of group.storage)
          if (storage.length < OTHER_LIMIT && has(s.storage))
            storage.push({
              id: `storage:${clusterId}/${group.name}/${s.storage}`,
              label: t('search.palette.storageOn', { storage: s.storage, node: group.name }),
              description: `${summary.name} · ${site}`,
              run: () => {
                commands.reveal({
                  selection: { kind: 'storage', clusterId, node: group.name, storage: s.storage },
                  site,
                  clusterName: summary.name,
                })
              },
            })
      }
    }
    add('nodes', t('search.palette.group.nodes'), nodes)
    add('clusters', t('search.palette.group.clusters'), clusters)
    add('storage', t('search.palette.group.storage'), storage)
  }

  add(
    'views',
    t('search.palette.group.views'),
    preferences.savedViews
      .filter((v) => has(v.name, v.query))
      .map((v) => ({
        id: `view:${v.id}`,
        label: t('search.palette.view', { name: v.name }),
        description: `${t(`views.grouping.${v.grouping}`)} · ${v.query}`,
        run: () => {
          commands.openView(v.query, v.grouping)
        },
      })),
  )

  const sel = input.selected
  const facts =
    sel?.kind === 'guest' && !input.offline
      ? input.facts.find((f) => f.guest.clusterId === sel.clusterId && f.guest.vmid === sel.vmid)
      : undefined
  if (facts !== undefined) {
    const entry = input.fleet.clusters[facts.guest.clusterId]
    const ref = { clusterId: facts.guest.clusterId, vmid: facts.guest.vmid }
    add(
      'selected',
      t('search.palette.group.selected', { name: facts.guest.name }),
      ACTION_ITEMS.filter((a) => has(t(`actions.label.${a.id}`))).map((a) => {
        const { enabled, reason } = actionAvailability(entry, facts.guest, a.id)
        return {
          id: `action:${a.id}`,
          label: t(`actions.label.${a.id}`),
          ...(a.key === undefined ? {} : { description: t('actions.keys.combo', { key: a.key }) }),
          ...(enabled ? {} : { disabled: reason === undefined ? '' : t(reason.key, reason.values) }),
          run: () => {
            commands.requestAction(ref, a.id)
          },
        }
      }),
    )
  }

  const choose = <K extends 'grouping' | 'theme' | 'language' | 'density'>(
    field: K,
    values: readonly WorkspacePreferences[K][],
    label: (v: WorkspacePreferences[K]) => string,
  ): PaletteItem[] =>
    values.map((v) => ({
      id: `${field}:${v}`,
      label: label(v),
      current: preferences[field] === v,
      run: () => {
        commands.updateWorkspace((p) => ({ ...p, [field]: v }))
      },
    }))
  const commandItems: PaletteItem[] = [
    ...choose('grouping', TreeGrouping.options, (g) =>
      t('search.palette.grouping', { name: t(`views.grouping.${g}`) }),
    ),
    ...choose('theme', ThemeChoice.options, (v) => t('search.palette.theme', { name: t(`look.theme.${v}`) })),
    ...choose('language', LanguageChoice.options, (v) =>
      t('search.palette.language', { name: t(`look.language.${v}`, { language: input.systemLanguage }) }),
    ),
    ...choose('density', RowDensity.options, (v) =>
      t('search.palette.density', { name: t(`look.density.${v}`) }),
    ),
    { id: 'shortcuts', label: t('search.palette.shortcuts'), run: commands.openShortcuts },
    ...(input.offline ? [] : [{ id: 'dock', label: t('search.palette.dock'), run: commands.toggleDock }]),
    {
      id: 'capture',
      label: t('search.palette.capture'),
      ...(input.captureBlocked === undefined ? {} : { disabled: input.captureBlocked }),
      run: commands.capture,
    },
    { id: 'export', label: t('search.palette.export'), run: commands.exportCsv },
  ]
  add(
    'commands',
    t('search.palette.group.actions'),
    commandItems.filter((c) => has(c.label)),
  )
  return sections
}
