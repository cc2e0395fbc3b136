import type RFB from '@novnc/novnc'
import { Button, Group, Modal, PasswordInput, Text, Textarea } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { readClipboard } from '../terminal/clipboard'
import { typeText } from './keysyms'

/**
 * `paste`: text for the guest's clipboard (prefilled from this computer's clipboard when the window may read
 * it). `type`: a string typed as key strokes — a long password into a BIOS or a login screen, where no
 * clipboard reaches. The text is masked by default and never kept.
 */
export function TextDialog({
  mode,
  rfb,
  onClose,
}: {
  mode: 'paste' | 'type'
  rfb: Pick<RFB, 'clipboardPasteFrom' | 'sendKey'>
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState('')
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
    if (mode === 'paste') rfb.clipboardPasteFrom(text)
    else typeText(rfb, text)
    setText('')
    onClose()
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={mode === 'paste' ? t('consoles.vnc.pasteTitle') : t('consoles.vnc.typeTitle')}
      size="md"
    >
      <Text size="sm" mb="xs">
        {mode === 'paste' ? t('consoles.vnc.pasteHint') : t('consoles.vnc.typeHint')}
      </Text>
      {mode === 'type' ? (
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
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          {t('clusters.cancel')}
        </Button>
        <Button onClick={send} disabled={text === ''}>
          {mode === 'paste' ? t('consoles.vnc.pasteSend') : t('consoles.vnc.typeSend')}
        </Button>
      </Group>
    </Modal>
  )
}
