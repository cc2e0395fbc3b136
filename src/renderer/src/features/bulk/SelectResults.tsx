import { ActionIcon, Button, Tooltip } from '@mantine/core'
import { ListChecks, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { selectAllResults } from './bulk-commands'
import { hiddenPicks, matchingGuests } from './search-results'

/**
 * Over the tree while searching or picking: how many guests the search matches (in every cluster, collapsed
 * rows included), "select all N results", and how many are picked (and how many of them the search hides: they
 * stay picked, a bulk action includes them) with a way to drop them.
 */
export function SelectResults({ filter }: { filter: string }): ReactElement | null {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const trees = useFleetStore((s) => s.trees)
  const multi = useUiStore((s) => s.multi)
  const picked = multi.size
  const searching = filter.trim() !== ''
  const { count, hidden } = useMemo(() => {
    if (!searching) return { count: 0, hidden: 0 }
    const found = matchingGuests({ clusters, trees }, filter)
    return { count: found.length, hidden: hiddenPicks(found, multi) }
  }, [searching, clusters, trees, filter, multi])
  const text =
    (picked > 0 ? t('bulk.picked', { count: picked }) : t('bulk.found', { count })) +
    (picked > 0 && hidden > 0 ? `, ${t('bulk.hidden', { count: hidden })}` : '')
  // Nothing found: the tree itself says so.
  if (count === 0 && picked === 0) return null
  return (
    <div className="bulk-results-bar" data-testid="bulk-results-bar">
      {/* The bar is narrow beside "select all": the whole text on hover. */}
      <span className="bulk-results-count" title={text}>
        {text}
      </span>
      {searching && count > 0 ? (
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<ListChecks size={13} aria-hidden="true" />}
          onClick={() => {
            selectAllResults()
          }}
        >
          {t('bulk.selectAll', { count })}
        </Button>
      ) : null}
      {picked > 0 ? (
        <Tooltip label={t('bulk.clear')} withinPortal>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={t('bulk.clear')}
            onClick={() => {
              useUiStore.getState().clearMulti()
            }}
          >
            <X size={14} aria-hidden="true" />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </div>
  )
}
