import { Button, Group, Paper, Switch, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ReactElement } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { Result } from '../../../../../shared/ipc/errors'
import type { SyslogPage } from '../../../../../shared/model/infra-panels'
import { pveDesk } from '../../../api/client'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import type { SyslogPosition } from './syslog-paging'
import { SYSLOG_LIMIT, syslogMoves, syslogStart } from './syslog-paging'

const ROW = 18

/**
 * The node's syslog, a page at a time from the tail as PVE's GUI shows it. Following keeps asking the tail (the
 * total grows, the page moves with it); paging back stops following. Long pages are virtualized.
 */
export function NodeSyslogTab({ clusterId, node }: { clusterId: string; node: string }): ReactElement {
  const { t } = useTranslation()
  const [position, setPosition] = useState<SyslogPosition>({ kind: 'last' })
  const [follow, setFollow] = useState(false)
  // The total PVE gave last, for the next ask of the tail (written by the ask, never read while rendering).
  const lastTotal = useRef<number | undefined>(undefined)
  // The tail keeps one key while it moves with the total, so a follow's refresh updates the lines in place.
  const key = `${clusterId}/${node}/syslog/${position.kind === 'last' ? 'last' : position.start}`
  const query = usePanelQuery<SyslogPage>(
    key,
    async (options) => {
      const read = (start: number): Promise<Result<SyslogPage>> =>
        pveDesk().panelNodeSyslog({ clusterId, node, start, limit: SYSLOG_LIMIT }, options)
      const start = syslogStart(position, lastTotal.current)
      const answer = await read(start)
      if (!answer.ok) return answer
      lastTotal.current = answer.value.total
      // The tail moved since the total was last known (or was not known yet): read the real tail now.
      const tail = syslogStart(position, answer.value.total)
      if (position.kind !== 'last' || tail === start) return answer
      const again = await read(tail)
      if (again.ok) lastTotal.current = again.value.total
      return again
    },
    { refreshMs: follow ? 10_000 : 30_000 },
  )
  const { value } = query
  const total = value?.total
  const first = value?.lines[0]?.n
  // PVE numbers lines from 1: the page shown starts at its first line's number less one.
  const start = first === undefined ? syslogStart(position, total) : first - 1
  const moves = syslogMoves(start, total)
  const go = (next: SyslogPosition | undefined): void => {
    if (next === undefined) return
    if (next.kind === 'at') setFollow(false)
    setPosition(next)
  }
  const controls = (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="default" disabled={!moves.first} onClick={() => go(moves.first)}>
        {t('panels.node.syslog.first')}
      </Button>
      <Button
        size="compact-xs"
        variant="default"
        disabled={!moves.previous}
        onClick={() => go(moves.previous)}
      >
        {t('panels.node.syslog.previous')}
      </Button>
      <Button size="compact-xs" variant="default" disabled={!moves.next} onClick={() => go(moves.next)}>
        {t('panels.node.syslog.next')}
      </Button>
      <Button size="compact-xs" variant="default" disabled={!moves.last} onClick={() => go(moves.last)}>
        {t('panels.node.syslog.last')}
      </Button>
      <Switch
        size="xs"
        ml="xs"
        label={t('panels.node.syslog.follow')}
        checked={follow}
        onChange={(event) => {
          const on = event.currentTarget.checked
          setFollow(on)
          if (on) setPosition({ kind: 'last' })
        }}
      />
      <Text size="xs" c="dimmed" ml="xs" data-testid="syslog-range">
        {total === undefined
          ? ''
          : t('panels.node.syslog.range', {
              from: Math.min(start + 1, total),
              to: Math.min(start + SYSLOG_LIMIT, total),
              total,
            })}
      </Text>
    </Group>
  )
  return (
    <PanelFrame query={query} controls={controls} testId="node-syslog">
      {(page) => <SyslogLines page={page} follow={follow} />}
    </PanelFrame>
  )
}

function SyslogLines({ page, follow }: { page: SyslogPage; follow: boolean }): ReactElement {
  const { t } = useTranslation()
  const parent = useRef<HTMLDivElement>(null)
  // The virtualizer is read fresh on every render by design (as in FleetTree); nothing here relies on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: page.lines.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 20,
    // A test DOM has no layout: render a first screenful rather than nothing.
    initialRect: { width: 800, height: 420 },
  })
  const last = page.lines.length - 1
  useEffect(() => {
    if (follow && last >= 0) virtual.scrollToIndex(last, { align: 'end' })
  }, [follow, last, page, virtual])
  if (page.lines.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.syslog.empty')}
      </Text>
    )
  return (
    <Paper withBorder ref={parent} h={420} style={{ overflow: 'auto' }} data-testid="syslog-lines">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const line = page.lines[item.index]
          if (line === undefined) return null
          return (
            <div
              key={line.n}
              data-line={line.n}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW,
                transform: `translateY(${item.start}px)`,
                fontFamily: 'var(--mantine-font-family-monospace)',
                fontSize: 12,
                lineHeight: `${ROW}px`,
                whiteSpace: 'pre',
                paddingInline: 6,
              }}
            >
              {line.t}
            </div>
          )
        })}
      </div>
    </Paper>
  )
}
