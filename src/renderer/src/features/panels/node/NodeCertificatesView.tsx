import { Badge, Card, Group, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { NodeCertificatesPanel } from '../../../../../shared/model/infra-panels'
import { Figures } from '../../details/Figures'
import { daysLeft, expiryTone, TONE_COLOR } from './cert-expiry'
import { formatDate } from './infra-format'

/** The node's Certificates tab: each certificate file with its names, issuer, fingerprint and days left. */
export function NodeCertificatesView({
  value,
  nowSeconds,
}: {
  value: NodeCertificatesPanel
  nowSeconds: number
}): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  if (value.certificates.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.certificates.none')}
      </Text>
    )
  return (
    <Stack gap="sm" data-testid="node-certificates">
      {value.certificates.map((cert) => {
        const tone = expiryTone(cert, nowSeconds)
        const days = cert.notAfter === undefined ? undefined : daysLeft(cert.notAfter, nowSeconds)
        return (
          <Card
            key={cert.filename}
            withBorder
            padding="xs"
            data-certificate={cert.filename}
            data-expiry={tone}
          >
            <Group justify="space-between" mb={4}>
              <Text fw={600} ff="monospace" size="sm">
                {cert.filename}
              </Text>
              <Badge color={TONE_COLOR[tone]} variant={tone === 'ok' ? 'light' : 'filled'}>
                {tone === 'unknown' || days === undefined
                  ? t('panels.node.certificates.noExpiry')
                  : tone === 'expired'
                    ? t('panels.node.certificates.expired')
                    : cert.notBefore !== undefined && cert.notBefore > nowSeconds
                      ? t('panels.node.certificates.notYet')
                      : t('panels.node.certificates.expiresIn', { count: days })}
              </Badge>
            </Group>
            <Figures
              rows={[
                [t('panels.node.certificates.subject'), <Mono key="s" text={cert.subject} />],
                [t('panels.node.certificates.issuer'), <Mono key="i" text={cert.issuer} />],
                [
                  t('panels.node.certificates.san'),
                  cert.san.length === 0 ? '—' : <Mono key="n" text={cert.san.join(', ')} />,
                ],
                [
                  t('panels.node.certificates.validity'),
                  t('panels.node.certificates.fromTo', {
                    from: formatDate(cert.notBefore, locale),
                    to: formatDate(cert.notAfter, locale),
                  }),
                ],
                [t('panels.node.certificates.fingerprint'), <Mono key="f" text={cert.fingerprint} />],
                [
                  t('panels.node.certificates.key'),
                  [
                    cert.publicKeyType,
                    cert.publicKeyBits === undefined ? undefined : `${cert.publicKeyBits} bits`,
                  ]
                    .filter(Boolean)
                    .join(', ') || '—',
                ],
              ]}
            />
          </Card>
        )
      })}
    </Stack>
  )
}

function Mono({ text }: { text: string | undefined }): ReactElement {
  return (
    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
      {text ?? '—'}
    </Text>
  )
}
