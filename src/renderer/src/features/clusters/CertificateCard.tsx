import { Alert, Checkbox, Code, Stack, Text, TextInput } from '@mantine/core'
import { ShieldAlert, ShieldCheck } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { CertificateInfo } from '../../../../shared/model/cluster-input'

/** Normalizes a pasted fingerprint (any case, with or without colons) to `AA:BB:…`, or undefined. */
export function normalizeTyped(text: string): string | undefined {
  const hex = text
    .replace(/^sha256\s*(fingerprint)?\s*=?\s*/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
  return hex.length === 64 ? (hex.match(/.{2}/g) ?? []).join(':') : undefined
}

/**
 * One endpoint's certificate, shown as SSH shows a host key on first contact: who it claims to be, who signed it,
 * how long it is valid, and its SHA-256 fingerprint — to compare with the node's own (`pvenode cert info`) before
 * trusting it. A pasted fingerprint that matches trusts it; one that does not is flagged and trusts nothing.
 */
export function CertificateCard({
  certificate,
  trusted,
  onTrust,
}: {
  certificate: CertificateInfo
  trusted: boolean
  onTrust: (trusted: boolean) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [typed, setTyped] = useState('')
  const expected = normalizeTyped(typed)
  // Main passes a date it could not read as the server sent it: show that rather than "Invalid Date".
  const date = (iso: string): string =>
    Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toLocaleDateString(i18n.language)
  return (
    <Stack
      gap={6}
      p="sm"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
    >
      <Text fw={600} size="sm">
        {certificate.url}
      </Text>
      {certificate.trustedByCa ? (
        <Alert color="green" icon={<ShieldCheck size={16} />} p={6}>
          {t('form.trustedByCa')}
        </Alert>
      ) : (
        <Alert color="yellow" icon={<ShieldAlert size={16} />} p={6}>
          {t('form.selfSigned')}
        </Alert>
      )}
      <Text size="xs">{`${t('form.subject')}: ${certificate.subject}`}</Text>
      <Text size="xs">{`${t('form.issuer')}: ${certificate.issuer}`}</Text>
      <Text size="xs">{`${t('form.validity')}: ${date(certificate.validFrom)} → ${date(certificate.validTo)}`}</Text>
      <Text size="xs">{t('form.fingerprint')}</Text>
      <Code block fz="xs" data-testid="fingerprint" style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
        {certificate.fingerprint}
      </Code>
      <TextInput
        size="xs"
        label={t('form.fingerprintTyped')}
        value={typed}
        onChange={(e) => {
          const value = e.currentTarget.value
          setTyped(value)
          const normalized = normalizeTyped(value)
          if (normalized !== undefined) onTrust(normalized === certificate.fingerprint)
        }}
        error={
          expected !== undefined && expected !== certificate.fingerprint
            ? t('form.fingerprintDiffers')
            : undefined
        }
        description={expected === certificate.fingerprint ? t('form.fingerprintMatches') : undefined}
      />
      <Checkbox
        label={t('form.trust')}
        checked={trusted}
        onChange={(e) => {
          onTrust(e.currentTarget.checked)
        }}
      />
    </Stack>
  )
}
