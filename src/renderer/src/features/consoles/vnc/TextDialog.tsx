import type RFB from '@novnc/novnc'
import { Button, Group, Modal, PasswordInput, Progress, Text, Textarea } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { readClipboard } from '../terminal/clipboard'
import type { StrokeTimer } from './keysyms'
import { planTyping, typeStrokes } from './keysyms'

/**
 * `paste`: text for the guest's clipboard (prefilled from this computer's clipboard when the window may read
 * it). `type`: a string typed as key strokes — a long password into a BIOS or a login screen, where no
 * clipboard reaches, paced for QEMU's key queue; the dialog stays while it types (Stop, or closing it, ends
 * the typing) and says beforehand what the guest's keymap cannot type. The text is masked and never kept.
 */
export function TextDialog({
  mode,
  rfb,
  onClose,
  portalTarget,
  timer,
}: {
  mode: 'paste' | 'type'
  rfb: Pick<RFB, 'clipboardPasteFrom' | 'sendKey'>
  onClose: () => void
  /** Where the dialog shows: the full-screen element while the screen is full screen (else the body). */
  portalTarget?: HTMLElement | undefined
  timer?: StrokeTimer
}): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [typing, setTyping] = useState<{ sent: number; total: number } | undefined>(undefined)
  const cancel = useRef<(() => void) | undefined>(undefined)
  // Closing the dialog (or the view going) stops the typing: no stroke after it.
  useEffect(
    () => () => {
      cancel.current?.()
    },
    [],
  )
  const plan = mode === 'type' ? planTyping(text) : undefined
  useEffect(() => {
    if (mode !== 'paste') return
    let live = true
    void readClipboard().then((clip) => {
      if (live && clip !== undefined) setText((current) => (current === '' ? clip : current))
    })
    return () => {
      live = false
    }
  }, [mode])
  const send = (): void => {
    if (plan === undefined) {
      rfb.clipboardPasteFrom(text)
      setText('')
      onClose()
      return
    }
    if (typing !== undefined || plan.strokes.length === 0) return
    const total = plan.strokes.length
    setText('')
    setTyping({ sent: 0, total })
    cancel.current = typeStrokes(
      rfb,
      plan.strokes,
      (sent) => {
        setTyping({ sent, total })
        if (sent === total) {
          cancel.current = undefined
          onClose()
        }
      },
      timer,
    )
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={mode === 'paste' ? t('consoles.vnc.pasteTitle') : t('consoles.vnc.typeTitle')}
      size="md"
      {...(portalTarget === undefined ? {} : { portalProps: { target: portalTarget } })}
    >
      <Text size="sm" mb="xs">
        {mode === 'paste' ? t('consoles.vnc.pasteHint') : t('consoles.vnc.typeHint')}
      </Text>
      {typing !== undefined ? (
        <div role="status">
          <Text size="sm">{t('consoles.vnc.typing', typing)}</Text>
          <Progress value={(100 * typing.sent) / typing.total} mt="xs" />
        </div>
      ) : mode === 'type' ? (
        <PasswordInput
          data-autofocus
          aria-label={t('consoles.vnc.typeTitle')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              send()
            }
          }}
        />
      ) : (
        <Textarea
          data-autofocus
          autosize
          minRows={3}
          maxRows={10}
          aria-label={t('consoles.vnc.pasteTitle')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
        />
      )}
      {plan !== undefined && plan.untypable > 0 && typing === undefined ? (
        <Text size="sm" c="orange" mt="xs" data-testid="untypable">
          {t('consoles.vnc.untypable', { count: plan.untypable })}
        </Text>
      ) : null}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          {typing === undefined ? t('clusters.cancel') : t('consoles.vnc.stopTyping')}
        </Button>
        <Button onClick={send} disabled={text === '' || typing !== undefined || plan?.strokes.length === 0}>
          {mode === 'paste' ? t('consoles.vnc.pasteSend') : t('consoles.vnc.typeSend')}
        </Button>
      </Group>
    </Modal>
  )
}
