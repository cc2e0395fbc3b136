import { Alert, Button, PasswordInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { Realm, TestVerdict } from '../../../../shared/model/cluster-input'
import { cancelWith, pveDesk, unwrap } from '../../api/client'
import type { ClusterDraft } from './cluster-draft'
import { parseEndpoints } from './cluster-draft'

interface LoginProps {
  draft: ClusterDraft
  update: (patch: Partial<ClusterDraft>) => void
  editing: boolean
  /**
   * The secret must be typed: editing moved it somewhere new (endpoints, pins, user), or the keychain holds none
   * bound to this cluster's settings.
   */
  secretNeeded: 'moved' | 'missing' | undefined
  onTest: () => Promise<void>
  busy: boolean
  verdict: TestVerdict | 'tfa' | undefined
}

/** Realm (listed by the cluster itself), user and password — or an API token — and the connection test. */
export function LoginStep({
  draft,
  update,
  editing,
  secretNeeded,
  onTest,
  busy,
  verdict,
}: LoginProps): ReactElement {
  const { t } = useTranslation()
  const secretError =
    secretNeeded === undefined
      ? undefined
      : t(secretNeeded === 'moved' ? 'form.secretAgain' : 'form.secretMissing')
  const realms = useRealms(draft)
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={draft.authKind}
        onChange={(value) => update({ authKind: value === 'token' ? 'token' : 'password' })}
        data={[
          { value: 'password', label: t('clusters.auth.password') },
          { value: 'token', label: t('clusters.auth.token') },
        ]}
      />
      {draft.authKind === 'password' ? (
        <>
          <Select
            label={t('form.realm')}
            data={realms.map((r) => ({
              value: r.realm,
              label: r.comment ? `${r.realm} — ${r.comment}` : r.realm,
            }))}
            value={draft.realm}
            onChange={(value) => update({ realm: value ?? 'pam' })}
            allowDeselect={false}
          />
          <TextInput
            label={t('form.username')}
            value={draft.username}
            onChange={(e) => update({ username: e.currentTarget.value })}
          />
          <PasswordInput
            label={t('form.password')}
            description={editing && secretNeeded === undefined ? t('form.passwordKeep') : undefined}
            error={secretError}
            value={draft.secret}
            onChange={(e) => update({ secret: e.currentTarget.value })}
          />
        </>
      ) : (
        <>
          <TextInput
            label={t('form.tokenId')}
            value={draft.tokenId}
            onChange={(e) => update({ tokenId: e.currentTarget.value })}
          />
          <PasswordInput
            label={t('form.tokenSecret')}
            description={editing && secretNeeded === undefined ? t('form.passwordKeep') : undefined}
            error={secretError}
            value={draft.secret}
            onChange={(e) => update({ secret: e.currentTarget.value })}
          />
        </>
      )}
      <Button variant="light" onClick={() => void onTest()} loading={busy} w="fit-content">
        {t('form.test')}
      </Button>
      {verdict === 'tfa' ? (
        <Alert color="blue" role="status">
          {t('form.testTfa')}
        </Alert>
      ) : verdict === undefined ? null : (
        <Alert color="green" role="status">
          {t('form.testOk', { version: verdict.version, servedBy: verdict.servedBy })}{' '}
          {t('form.nodesFound', { nodes: verdict.nodes.map((n) => n.node).join(', ') })}
        </Alert>
      )}
    </Stack>
  )
}

/** The realms offered by the first endpoint, over the fingerprint just trusted; PVE's two built-ins meanwhile. */
function useRealms(draft: ClusterDraft): Realm[] {
  const [realms, setRealms] = useState<Realm[]>([
    { realm: 'pam', type: 'pam' },
    { realm: 'pve', type: 'pve' },
  ])
  const url = parseEndpoints(draft.endpointsText).urls[0]
  const certificate = url === undefined ? undefined : draft.certificates[url]
  const fingerprint = url !== undefined && draft.trusted[url] === true ? certificate?.fingerprint : undefined
  const ready = url !== undefined && (fingerprint !== undefined || certificate?.trustedByCa === true)
  useEffect(() => {
    if (!ready) return
    // Ends with the step, or when the endpoint or its fingerprint changes: main stops asking for it too.
    const controller = new AbortController()
    unwrap(
      pveDesk().clusterRealms(
        { url, ...(fingerprint === undefined ? {} : { fingerprint }) },
        cancelWith(controller.signal),
      ),
    )
      .then((list) => {
        if (!controller.signal.aborted && list.length > 0) setRealms(list)
      })
      .catch(() => undefined) // the built-ins stay offered; the test connection will say what is wrong
    return () => {
      controller.abort()
    }
  }, [url, fingerprint, ready])
  return realms
}
