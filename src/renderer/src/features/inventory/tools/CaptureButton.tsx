import { Button, Group, RingProgress, Tooltip, VisuallyHidden } from '@mantine/core'
import { ClipboardCheck } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useId } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk } from '../../../api/client'
import { formatPercent } from '../../../lib/format'
import { useWideHeader } from '../../../lib/wide-header'
import { captureFraction, followCaptures, useCaptureStore } from '../../../stores/capture-store'
import { useFleetStore } from '../../../stores/fleet-store'
import { useInventoryStore } from '../../../stores/inventory-store'
import { CaptureDialog } from './CaptureDialog'
import { CaptureToasts } from './CaptureToasts'
import { refreshInventoryFiles } from './open-inventory'

/**
 * Take an inventory snapshot (the header's button): starts a capture of every cluster and opens its progress.
 * Disabled, saying why, while one runs (then a second button shows the progress and opens it again) or when no
 * cluster is configured. Owns the window's subscription to captures, so scheduled ones are told here too.
 */
export function CaptureButton(): ReactElement {
  const { t, i18n } = useTranslation()
  const run = useCaptureStore((s) => s.run)
  const start = useCaptureStore((s) => s.start)
  const openDialog = useCaptureStore((s) => s.openDialog)
  const clusterCount = useFleetStore((s) => Object.keys(s.clusters).length)
  // While a file is shown, the button still reads the live clusters: the tooltip says so.
  const offline = useInventoryStore((s) => s.opened !== undefined)
  const reasonId = useId()
  // The header is shared with the search, the cluster chips and the files button: the words only where they fit.
  const wide = useWideHeader()
  useEffect(() => followCaptures(pveDesk(), refreshInventoryFiles), [])

  const why =
    run !== undefined
      ? t('audit.capture.busy')
      : clusterCount === 0
        ? t('audit.capture.noClusters')
        : undefined
  const fraction = captureFraction(run?.progress)
  const percent = formatPercent(fraction ?? 0, i18n.language)
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip
        label={why ?? t(offline ? 'audit.capture.liveHint' : 'audit.capture.button')}
        multiline={offline}
        w={offline ? 300 : undefined}
      >
        {/* The span takes the pointer a disabled button ignores, so that its tooltip still says why. */}
        <span>
          <Button
            size="xs"
            variant="default"
            px={wide ? undefined : 8}
            leftSection={wide ? <ClipboardCheck size={14} aria-hidden="true" /> : undefined}
            disabled={why !== undefined}
            aria-label={t('audit.capture.button')}
            aria-describedby={why === undefined ? undefined : reasonId}
            onClick={() => void start()}
            data-testid="capture-start"
          >
            {wide ? t('audit.capture.button') : <ClipboardCheck size={16} aria-hidden="true" />}
          </Button>
        </span>
      </Tooltip>
      {why === undefined ? null : <VisuallyHidden id={reasonId}>{why}</VisuallyHidden>}
      {run === undefined ? null : (
        <Button
          size="xs"
          variant="light"
          px={6}
          onClick={openDialog}
          aria-label={t('audit.capture.showProgress', { percent })}
          data-testid="capture-progress-button"
          leftSection={
            <RingProgress
              size={18}
              thickness={3}
              roundCaps
              sections={[{ value: (fraction ?? 0) * 100, color: 'blue' }]}
              aria-hidden="true"
            />
          }
        >
          {percent}
        </Button>
      )}
      <CaptureDialog />
      <CaptureToasts />
    </Group>
  )
}
