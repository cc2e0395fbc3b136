import { Alert, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventorySigner } from '../../../../../shared/model/inventory-snapshot'
import { describeError } from '../../../api/errors'
import { signingKey } from './audit-calls'
import { CopyValue } from './CopyValue'
import { verifyCommands } from './verify-commands'

type Loaded =
  { state: 'loading' } | { state: 'ready'; signer: InventorySigner } | { state: 'failed'; error: unknown }

/**
 * This installation's signing key: the public key line and its fingerprint to hand to auditors, and the
 * OpenSSH commands that verify a file with nothing but OpenSSH and unzip.
 */
export function SigningKeyDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  useEffect(() => {
    let live = true
    signingKey().then(
      (signer) => live && setLoaded({ state: 'ready', signer }),
      (error: unknown) => live && setLoaded({ state: 'failed', error }),
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <Modal opened onClose={onClose} title={t('audit.key.title')} size="xl">
      {loaded.state === 'loading' ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('audit.key.loading')}</Text>
        </Group>
      ) : null}
      {loaded.state === 'failed' ? <Alert color="red">{describeError(loaded.error, t)}</Alert> : null}
      {loaded.state === 'ready' ? <KeyDetails signer={loaded.signer} /> : null}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          {t('audit.key.close')}
        </Button>
      </Group>
    </Modal>
  )
}

function KeyDetails({ signer }: { signer: InventorySigner }): ReactElement {
  const { t } = useTranslation()
  const commands = verifyCommands(signer.publicKey)
  return (
    <Stack gap="sm">
      <Text size="sm">{t('audit.key.intro')}</Text>
      <Text size="sm" fw={600}>
        {t('audit.key.publicKey')}
      </Text>
      <CopyValue value={signer.publicKey} label={t('audit.key.publicKey')} />
      <Text size="sm" fw={600}>
        {t('audit.key.fingerprint')}
      </Text>
      <CopyValue value={signer.fingerprint} label={t('audit.key.fingerprint')} />
      <Title order={5} mt="sm">
        {t('audit.key.verifyTitle')}
      </Title>
      <Text size="sm">{`1. ${t('audit.key.step1')}`}</Text>
      <CopyValue value={commands.allowedSigners} label="allowed_signers" block />
      <Text size="sm">{`2. ${t('audit.key.step2')}`}</Text>
      <CopyValue value={commands.extract} label="unzip" block />
      <Text size="sm">{`3. ${t('audit.key.step3')}`}</Text>
      <CopyValue value={commands.verify} label="ssh-keygen -Y verify" block />
    </Stack>
  )
}
