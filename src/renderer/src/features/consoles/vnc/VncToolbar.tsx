import type RFB from '@novnc/novnc'
import { ActionIcon, Menu, SegmentedControl, Text, Tooltip } from '@mantine/core'
import { Camera, ClipboardPaste, Eye, EyeOff, Keyboard, Maximize, Type } from 'lucide-react'
import type { ReactElement, RefObject } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ConsoleInfo } from '../../../../../shared/model/console'
import { useFleetStore } from '../../../stores/fleet-store'
import { COMBOS, sendCombo } from './keysyms'
import type { Scaling } from './scaling'
import { screenshotName } from './scaling'
import { TextDialog } from './TextDialog'

/** The screen's tools: scaling, view-only, the keys menu, paste, type text, full screen and screenshot. */
export function VncToolbar({
  info,
  rfb,
  scaling,
  onScaling,
  viewOnly,
  onViewOnly,
  fullScreenTarget,
}: {
  info: ConsoleInfo
  /** The connected session, or undefined while there is none (the tools that send are then disabled). */
  rfb: RFB | undefined
  scaling: Scaling
  onScaling: (scaling: Scaling) => void
  viewOnly: boolean
  onViewOnly: (viewOnly: boolean) => void
  fullScreenTarget: RefObject<HTMLDivElement | null>
}): ReactElement {
  const { t } = useTranslation()
  const [dialog, setDialog] = useState<'paste' | 'type' | undefined>(undefined)
  const sending = rfb === undefined || viewOnly
  // Why the sending tools are off, said next to them (a disabled button shows no tooltip).
  const whyNot =
    rfb === undefined
      ? t('consoles.vnc.disabledNotConnected')
      : viewOnly
        ? t('consoles.vnc.disabledViewOnly')
        : undefined
  const cluster = useFleetStore((s) => s.clusters[info.clusterId]?.summary.name)
  const fullScreen = useFullScreenElement(fullScreenTarget)
  // Menus, tooltips and dialogs portal into the body by default, which a full-screen element hides.
  const portalProps = fullScreen === undefined ? {} : { portalProps: { target: fullScreen } }
  const screenshot = (): void => {
    rfb?.toBlob((blob) => {
      if (blob === null) return
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = screenshotName(
        info.target.type === 'node'
          ? { cluster, name: info.target.node }
          : { cluster, vmid: info.target.vmid, name: info.guestName },
        new Date(),
      )
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    }, 'image/png')
  }
  const icon = (label: string, onClick: () => void, child: ReactElement, disabled = false): ReactElement => (
    // The span takes the pointer a disabled button ignores, so its tooltip still says what it is.
    <Tooltip label={disabled && whyNot !== undefined ? `${label} — ${whyNot}` : label} {...portalProps}>
      <span>
        <ActionIcon variant="subtle" aria-label={label} onClick={onClick} disabled={disabled}>
          {child}
        </ActionIcon>
      </span>
    </Tooltip>
  )
  return (
    <>
      <SegmentedControl
        size="xs"
        aria-label={t('consoles.vnc.scaling')}
        value={scaling}
        onChange={(value) => onScaling(value as Scaling)}
        data={[
          { value: 'fit', label: t('consoles.vnc.fit') },
          { value: 'none', label: t('consoles.vnc.actual') },
          { value: 'remote', label: t('consoles.vnc.remote') },
        ]}
      />
      {icon(
        viewOnly ? t('consoles.vnc.interact') : t('consoles.vnc.viewOnly'),
        () => onViewOnly(!viewOnly),
        viewOnly ? <EyeOff size={15} /> : <Eye size={15} />,
      )}
      <Menu position="bottom-end" withinPortal {...portalProps}>
        <Menu.Target>
          <Tooltip label={t('consoles.vnc.keys')} {...portalProps}>
            <ActionIcon variant="subtle" aria-label={t('consoles.vnc.keys')} disabled={sending}>
              <Keyboard size={15} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }}>
          {COMBOS.map((combo) => (
            <Menu.Item
              key={combo.id}
              data-combo={combo.id}
              onClick={() => {
                if (rfb !== undefined) sendCombo(rfb, combo)
              }}
            >
              {t(`consoles.vnc.combo.${combo.id.startsWith('ctrlAltF') ? 'ctrlAltF' : combo.id}`, {
                n: combo.id.slice('ctrlAltF'.length),
              })}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {icon(t('consoles.vnc.paste'), () => setDialog('paste'), <ClipboardPaste size={15} />, sending)}
      {icon(t('consoles.vnc.typeText'), () => setDialog('type'), <Type size={15} />, sending)}
      {icon(
        t('consoles.vnc.fullScreen'),
        () => void fullScreenTarget.current?.requestFullscreen().catch(() => undefined),
        <Maximize size={15} />,
      )}
      {icon(t('consoles.vnc.screenshot'), screenshot, <Camera size={15} />, rfb === undefined)}
      {whyNot === undefined ? null : (
        <Text size="xs" c="dimmed" data-testid="vnc-tools-off">
          {whyNot}
        </Text>
      )}
      {dialog === undefined || rfb === undefined ? null : (
        <TextDialog
          mode={dialog}
          rfb={rfb}
          portalTarget={fullScreen}
          onClose={() => {
            setDialog(undefined)
            rfb.focus({ preventScroll: true })
          }}
        />
      )}
    </>
  )
}

/** The view's element while it is the document's full-screen element, else undefined. */
function useFullScreenElement(view: RefObject<HTMLDivElement | null>): HTMLElement | undefined {
  const [element, setElement] = useState<HTMLElement | undefined>(undefined)
  useEffect(() => {
    const update = (): void => {
      const current = view.current
      setElement(current !== null && document.fullscreenElement === current ? current : undefined)
    }
    update()
    document.addEventListener('fullscreenchange', update)
    return () => document.removeEventListener('fullscreenchange', update)
  }, [view])
  return element
}
