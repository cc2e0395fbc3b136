import { Button, Stack, Text, Textarea } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { cancelWith, pveDesk, unwrap } from '../../api/client'
import { useUnmountSignal } from '../../api/use-unmount-signal'
import { CertificateCard } from './CertificateCard'
import type { ClusterDraft } from './cluster-draft'
import { parseEndpoints } from './cluster-draft'

interface StepProps {
  draft: ClusterDraft
  update: (patch: Partial<ClusterDraft>) => void
  run: (work: () => Promise<void>) => Promise<void>
  busy: boolean
}

/** Endpoints, and the certificate each presents, to trust one by one (or because a system CA signed it). */
export function EndpointStep({ draft, update, run, busy }: StepProps): ReactElement {
  const { t } = useTranslation()
  const { urls, invalid } = parseEndpoints(draft.endpointsText)
  const lifetime = useUnmountSignal()
  const probe = (): Promise<void> =>
    run(async () => {
      const certificates = { ...draft.certificates }
      for (const url of urls)
        certificates[url] = await unwrap(pveDesk().clusterProbe({ url }, cancelWith(lifetime())))
      update({ certificates })
    })
  return (
    <Stack gap="sm">
      <Textarea
        label={t('form.endpoints')}
        autosize
        minRows={2}
        value={draft.endpointsText}
        onChange={(e) => update({ endpointsText: e.currentTarget.value })}
        error={invalid.length > 0 ? invalid.join(', ') : undefined}
        placeholder="km4-pve1.example.ci:8006"
      />
      <Button
        variant="light"
        onClick={() => void probe()}
        loading={busy}
        disabled={urls.length === 0}
        w="fit-content"
      >
        {t('form.checkCertificates')}
      </Button>
      {urls.map((url) => {
        const certificate = draft.certificates[url]
        return certificate === undefined ? (
          <Text key={url} size="xs" c="dimmed">
            {url}
          </Text>
        ) : (
          <CertificateCard
            key={url}
            certificate={certificate}
            trusted={draft.trusted[url] === true}
            onTrust={(trusted) => update({ trusted: { ...draft.trusted, [url]: trusted } })}
          />
        )
      })}
    </Stack>
  )
}
