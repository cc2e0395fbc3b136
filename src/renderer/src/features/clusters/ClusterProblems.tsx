import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { KeyRound, ServerOff, ShieldAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import type { ClusterEntry } from '../../stores/fleet-store'
import type { EndpointHealth } from '../../../../shared/model/fleet'
import { changedCertificates } from '../../../../shared/model/fleet'

/**
 * What the operator must do for a cluster that stopped working for a reason only they can fix: a changed
 * certificate (compare, then trust), a refused password (type it again), a second factor (enter the code).
 * The tree keeps the last-known data meanwhile.
 */
/** Whether {@link ClusterProblems} has something to show (then a generic error banner would only repeat it). */
export function hasProblemPanel(entry: ClusterEntry): boolean {
  const error = entry.status.error
  if (changedCertificates(entry.status).length > 0 && (error === undefined || error.code === 'tls_untrusted'))
    return true
  if (error === undefined) return false
  if (error.code === 'tls_untrusted')
    return error.detail?.expected !== undefined && error.detail.actual !== undefined
  if (error.code === 'auth_failed')
    return entry.summary.auth?.kind === 'password' || error.detail?.reason === 'secret_unbound'
  return error.code === 'tfa_required'
}

export function ClusterProblems({ entry }: { entry: ClusterEntry }): ReactElement | null {
  const changed = changedCertificates(entry.status)
  // While the cluster is online, fail-over hides nodes that do not answer: say which.
  const down =
    entry.status.state === 'online'
      ? (entry.status.endpoints ?? []).filter(
          (e) => e.state === 'unreachable' || e.state === 'timeout' || e.state === 'bad_response',
        )
      : []
  const other = (
    <>
      <ErrorProblem entry={entry} changed={changed} />
      {down.length === 0 ? null : <EndpointsDown endpoints={down} />}
    </>
  )
  if (changed.length === 0) return other
  // One panel per node whose certificate changed: the cluster may go on through the others meanwhile.
  return (
    <Stack gap="sm">
      {changed.map((endpoint) => (
        <CertificateChanged
          key={endpoint.url}
          clusterId={entry.summary.id}
          url={endpoint.url}
          {...(endpoint.node === undefined ? {} : { node: endpoint.node })}
          expected={endpoint.expected ?? ''}
          actual={endpoint.presented ?? ''}
          othersServe={entry.status.state === 'online'}
        />
      ))}
      {other}
    </Stack>
  )
}

function EndpointsDown({ endpoints }: { endpoints: EndpointHealth[] }): ReactElement {
  const { t, i18n } = useTranslation()
  const time = (ms: number | null): string =>
    ms === null ? t('stale.never') : new Date(ms).toLocaleTimeString(i18n.language)
  return (
    <Alert color="yellow" icon={<ServerOff size={18} />} title={t('problems.endpointsDown')} p="xs">
      <Stack gap={2}>
        {endpoints.map((e) => (
          <Text size="sm" key={e.url}>
            {t('problems.endpointDown', {
              node: e.node ?? hostOf(e.url),
              url: e.url,
              reason: t(`problems.endpointState.${e.state}`),
              when: time(e.lastOkAt),
            })}
          </Text>
        ))}
      </Stack>
    </Alert>
  )
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** The problem the cluster's own error names (when no per-endpoint panel already says it). */
function ErrorProblem({
  entry,
  changed,
}: {
  entry: ClusterEntry
  changed: EndpointHealth[]
}): ReactElement | null {
  const error = entry.status.error
  if (error === undefined) return null
  if (
    error.code === 'tls_untrusted' &&
    error.detail?.expected !== undefined &&
    error.detail.actual !== undefined
  ) {
    if (changed.some((e) => e.url === error.detail?.url)) return null
    return (
      <CertificateChanged
        clusterId={entry.summary.id}
        url={error.detail.url ?? ''}
        expected={error.detail.expected}
        actual={error.detail.actual}
      />
    )
  }
  // A secret withheld because the settings no longer match what it was stored for: typed again, token or not.
  const unbound = error.detail?.reason === 'secret_unbound'
  if (error.code === 'auth_failed' && (entry.summary.auth?.kind === 'password' || unbound)) {
    return (
      <PasswordAgain
        clusterId={entry.summary.id}
        unbound={unbound}
        token={entry.summary.auth?.kind === 'token'}
      />
    )
  }
  if (error.code === 'tfa_required') {
    return (
      <SecondFactor
        clusterId={entry.summary.id}
        user={entry.summary.auth?.kind === 'password' ? entry.summary.auth.username : ''}
      />
    )
  }
  return null
}

/** Fingerprints wrap rather than scroll: the operator must see all 32 bytes to compare them. */
const WRAP = { whiteSpace: 'normal', wordBreak: 'break-all' } as const

function Fingerprint({
  label,
  value,
  testId,
}: {
  label: string
  value: string
  testId: string
}): ReactElement {
  return (
    <div>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Code block fz="xs" data-testid={testId} style={WRAP}>
        {value}
      </Code>
    </div>
  )
}

function useAction(): {
  error: string | undefined
  busy: boolean
  run: (work: () => Promise<unknown>) => void
} {
  const { t } = useTranslation()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const run = (work: () => Promise<unknown>): void => {
    setBusy(true)
    setError(undefined)
    work()
      .catch((e: unknown) => setError(describeError(e, t)))
      .finally(() => setBusy(false))
  }
  return { error, busy, run }
}

function CertificateChanged(props: {
  clusterId: string
  url: string
  /** The node behind the endpoint, when the configuration names it (the title then says the URL alone). */
  node?: string
  expected: string
  actual: string
  /** The cluster still answers through its other nodes. */
  othersServe?: boolean
}): ReactElement {
  const { t } = useTranslation()
  const [compared, setCompared] = useState(false)
  // Re-pinning changes where the secret goes: main never sends the stored one there, so it is typed again.
  const [secret, setSecret] = useState('')
  const { error, busy, run } = useAction()
  return (
    <Alert
      color="red"
      icon={<ShieldAlert size={18} />}
      title={
        props.node === undefined
          ? t('problems.certificateChanged', { url: props.url })
          : t('problems.certificateChangedNode', { node: props.node, url: props.url })
      }
    >
      <Stack gap="xs">
        <Text size="sm">
          {t(
            props.othersServe === true
              ? 'problems.certificateChangedOthersServe'
              : 'problems.certificateChangedBody',
          )}
        </Text>
        <SimpleGrid cols={2}>
          <Fingerprint label={t('problems.trustedBefore')} value={props.expected} testId="fingerprint-old" />
          <Fingerprint label={t('problems.presentedNow')} value={props.actual} testId="fingerprint-new" />
        </SimpleGrid>
        <Checkbox
          label={t('form.trust')}
          checked={compared}
          onChange={(e) => setCompared(e.currentTarget.checked)}
        />
        <PasswordInput
          label={t('problems.secretAgain')}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
        />
        <Button
          color="red"
          w="fit-content"
          disabled={!compared || secret === ''}
          loading={busy}
          onClick={() =>
            run(() =>
              unwrap(
                pveDesk().clusterTrust({
                  clusterId: props.clusterId,
                  url: props.url,
                  fingerprint: props.actual,
                  secret,
                }),
              ),
            )
          }
        >
          {t('problems.trustNew')}
        </Button>
        {error === undefined ? null : <Text c="red">{error}</Text>}
      </Stack>
    </Alert>
  )
}

function PasswordAgain({
  clusterId,
  unbound = false,
  token = false,
}: {
  clusterId: string
  unbound?: boolean
  token?: boolean
}): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const { error, busy, run } = useAction()
  return (
    <Alert
      color="orange"
      icon={<KeyRound size={18} />}
      title={t(unbound ? 'problems.secretUnbound' : 'problems.passwordRejected')}
    >
      <Stack gap="xs">
        <Text size="sm">{t(unbound ? 'problems.secretUnboundBody' : 'problems.passwordRejectedBody')}</Text>
        <Group align="end">
          <PasswordInput
            label={t(token ? 'form.tokenSecret' : 'form.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button
            loading={busy}
            disabled={password === ''}
            onClick={() => run(() => unwrap(pveDesk().clusterSecret({ clusterId, secret: password })))}
          >
            {t('problems.sendPassword')}
          </Button>
        </Group>
        {error === undefined ? null : <Text c="red">{error}</Text>}
      </Stack>
    </Alert>
  )
}

export function SecondFactor({ clusterId, user }: { clusterId: string; user: string }): ReactElement {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const [recovery, setRecovery] = useState(false)
  const { error, busy, run } = useAction()
  const send = (): void => {
    run(() => unwrap(pveDesk().clusterTfa({ clusterId, kind: recovery ? 'recovery' : 'totp', code })))
  }
  return (
    <Alert color="blue" icon={<KeyRound size={18} />} title={t('problems.tfaTitle', { user })}>
      <Stack gap="xs">
        <Text size="sm">{t('problems.tfaBody')}</Text>
        <Group align="end">
          <TextInput
            label={t('problems.tfaCode')}
            value={code}
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            onChange={(e) => setCode(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && code !== '') send()
            }}
          />
          <Button loading={busy} disabled={code === ''} onClick={send}>
            {t('problems.tfaSend')}
          </Button>
        </Group>
        <Checkbox
          label={t('problems.tfaRecovery')}
          checked={recovery}
          onChange={(e) => setRecovery(e.currentTarget.checked)}
        />
        {error === undefined ? null : <Text c="red">{error}</Text>}
      </Stack>
    </Alert>
  )
}
