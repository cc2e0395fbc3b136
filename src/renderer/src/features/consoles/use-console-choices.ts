import { useMemo } from 'react'

import { openConsole, openSpice } from '../../stores/console-actions'
import type { FleetStore } from '../../stores/fleet-store'
import { useShownFleet } from '../../stores/shown-fleet'
import type { Selection } from '../../stores/selection'
import type { ConsoleChoice } from './console-choices'
import { consoleChoices } from './console-choices'

/** The consoles of a selected node or guest as the fleet knows them now (none for other selections). */
export function choicesFor(
  state: Pick<FleetStore, 'clusters' | 'trees'>,
  selection: Selection,
): ConsoleChoice[] {
  if (selection.kind !== 'node' && selection.kind !== 'guest') return []
  const entry = state.clusters[selection.clusterId]
  const tree = state.trees[selection.clusterId]
  if (selection.kind === 'node') {
    const node = tree?.groups.get(selection.node)?.node
    return node === undefined ? [] : consoleChoices(entry, { kind: 'node', item: node })
  }
  const guest = tree?.guests.get(selection.vmid)
  if (guest === undefined) return []
  const nodeStatus = tree?.groups.get(guest.node)?.node?.status
  return consoleChoices(entry, {
    kind: 'guest',
    item: guest,
    ...(nodeStatus === undefined ? {} : { nodeStatus }),
  })
}

/** {@link choicesFor} as a hook: renders again when the cluster's entry or index changes. */
export function useConsoleChoices(selection: Selection | undefined): ConsoleChoice[] {
  const clusterId =
    selection?.kind === 'node' || selection?.kind === 'guest' ? selection.clusterId : undefined
  const entry = useShownFleet((s) => (clusterId === undefined ? undefined : s.clusters[clusterId]))
  const tree = useShownFleet((s) => (clusterId === undefined ? undefined : s.trees[clusterId]))
  return useMemo(
    () =>
      selection === undefined || clusterId === undefined || entry === undefined
        ? []
        : choicesFor(
            { clusters: { [clusterId]: entry }, trees: tree === undefined ? {} : { [clusterId]: tree } },
            selection,
          ),
    [selection, clusterId, entry, tree],
  )
}

/** Opens a choice: a console tab, or remote-viewer for SPICE. Disabled choices do nothing. */
export function launch(clusterId: string, choice: ConsoleChoice): void {
  if (!choice.capability.allowed) return
  if (choice.kind === 'spice') void openSpice(clusterId, choice.target)
  else void openConsole(clusterId, choice.target, choice.kind)
}
