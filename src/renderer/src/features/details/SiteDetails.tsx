import { Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'

import type { FleetStore } from '../../stores/fleet-store'
import { useShownFleet } from '../../stores/shown-fleet'
import { Figures } from './Figures'

interface SiteFigures {
  clusters: string
  guests: number
  running: number
}

/** Per node group, not per guest: a site's figures cost a few dozen additions, whatever the fleet's size. */
function siteFigures(s: FleetStore, site: string): SiteFigures {
  let guests = 0
  let running = 0
  const names = new Set<string>()
  for (const [clusterId, entry] of Object.entries(s.clusters)) {
    for (const group of s.trees[clusterId]?.groups.values() ?? []) {
      const at = group.node?.site ?? entry.summary.sites[group.name] ?? entry.summary.defaultSite
      if (at !== site || group.guests.length === 0) continue
      names.add(entry.summary.name)
      guests += group.guests.length
      running += group.running
    }
  }
  return { clusters: [...names].join(', '), guests, running }
}

/** A site's clusters and how many of its guests run. */
export function SiteDetails({ site }: { site: string }): ReactElement {
  const { t } = useTranslation()
  const { clusters, guests, running } = useShownFleet(useShallow((s) => siteFigures(s, site)))
  return (
    <Stack gap="sm">
      <Title order={3}>{site}</Title>
      <Figures
        rows={[
          [t('details.clusters'), clusters || '—'],
          [t('details.guests'), String(guests)],
          [t('details.runningGuests'), String(running)],
        ]}
      />
    </Stack>
  )
}
