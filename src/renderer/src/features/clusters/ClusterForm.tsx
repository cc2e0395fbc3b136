import { Alert, Button, Group, Modal, PasswordInput, Stepper } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { TestVerdict } from '../../../../shared/model/cluster-input'
import { mayReuseSecret } from '../../../../shared/model/cluster-input'
import type { ClusterSummary } from '../../../../shared/model/fleet'
import { cancelWith, pveDesk, unwrap } from '../../api/client'
import { useUnmountSignal } from '../../api/use-unmount-signal'
import { AppError } from '../../../../shared/ipc/errors'
import { describeError } from '../../api/errors'
import type { ClusterDraft } from './cluster-draft'
import { draftFrom, emptyDraft, parseEndpoints, slugify, toClusterInput } from './cluster-draft'
import { EndpointStep } from './EndpointStep'
import { IdentityStep } from './IdentityStep'
import { LoginStep } from './LoginStep'

/**
 * Add or edit a cluster in three steps: endpoints and their certificates (trust on first use), login (realm,
 * password or API token, test), then name, sites, colour and read-only. Nothing is saved before the last step.
 */
export function ClusterForm({
  existing,
  onClose,
}: {
  existing?: ClusterSummary
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<ClusterDraft>(() => (existing ? draftFrom(existing) : emptyDraft()))
  const [step, setStep] = useState(0)
  const [error, setError] = useState<string>()
  const [verdict, setVerdict] = useState<TestVerdict | 'tfa'>()
  const [busy, setBusy] = useState(false)
  // A test login still under way when the dialog closes is cancelled; a save is not (main commits it anyway).
  const lifetime = useUnmountSignal()
  const update = (patch: Partial<ClusterDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    setError(undefined)
  }
  const input = toClusterInput({ ...draft, id: draft.id || 'draft', name: draft.name || 'draft' }, existing)
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      await work()
    } catch (e) {
      setError(describeError(e, t))
    } finally {
      setBusy(false)
    }
  }
  const secret = draft.secret === '' ? {} : { secret: draft.secret }
  // Editing endpoints, pins or the user sends the stored secret somewhere new: main asks for it again, and so do we.
  // So does a cluster whose keychain holds no secret bound to its settings (hasCredential false).
  const secretNeeded =
    draft.secret !== '' || existing === undefined || !input.ok
      ? undefined
      : !mayReuseSecret(
            existing.auth === undefined ? undefined : { auth: existing.auth, endpoints: existing.endpoints },
            input.input,
          )
        ? 'moved'
        : existing.hasCredential
          ? undefined
          : 'missing'
  const test = (): Promise<void> =>
    run(async () => {
      if (!input.ok) throw new Error(t('form.problem', { problem: input.problem }))
      let result: TestVerdict
      try {
        result = await unwrap(
          pveDesk().clusterTest({ cluster: input.input, ...secret }, cancelWith(lifetime())),
        )
      } catch (e) {
        // The password was right and PVE wants the second factor: the live connection will ask for it.
        if (AppError.from(e).code !== 'tfa_required') throw e
        setVerdict('tfa')
        return
      }
      setVerdict(result)
      if (draft.name === '') {
        const name = result.clusterName ?? result.nodes[0]?.node ?? ''
        update(existing ? { name } : { name, id: draft.id || slugify(name) })
      }
    })
  const save = (): Promise<void> =>
    run(async () => {
      const final = toClusterInput(draft, existing)
      if (!final.ok) throw new Error(t('form.problem', { problem: final.problem }))
      await unwrap(pveDesk().clusterSave({ cluster: final.input, ...secret }))
      onClose()
    })
  // Lifting read-only opens the cluster to every action: main wants the secret again, so that an edited settings
  // file or a compromised window cannot lift it alone (the read-only rail); the form asks for it where it is lifted.
  const liftingReadOnly = existing?.readOnly === true && !draft.readOnly
  const railBlocks = liftingReadOnly && draft.secret === ''
  const endpointsDecided =
    parseEndpoints(draft.endpointsText).urls.length > 0 &&
    (input.ok || !input.problem.startsWith('untrusted'))
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={existing ? t('form.editTitle', { name: existing.name }) : t('form.addTitle')}
    >
      <Stepper active={step} onStepClick={setStep} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('form.stepEndpoints')}>
          <EndpointStep draft={draft} update={update} run={run} busy={busy} />
        </Stepper.Step>
        <Stepper.Step label={t('form.stepLogin')}>
          <LoginStep
            draft={draft}
            update={update}
            editing={existing !== undefined}
            secretNeeded={secretNeeded}
            onTest={test}
            busy={busy}
            verdict={verdict}
          />
        </Stepper.Step>
        <Stepper.Step label={t('form.stepIdentity')}>
          <IdentityStep
            draft={draft}
            update={update}
            editing={existing !== undefined}
            nodes={verdict === undefined || verdict === 'tfa' ? [] : verdict.nodes.map((n) => n.node)}
          />
        </Stepper.Step>
      </Stepper>
      {step === 2 && liftingReadOnly ? (
        <Alert color="orange" mt="sm" data-testid="read-only-rail" title={t('actions.readOnlyRail.title')}>
          {t('actions.readOnlyRail.why')}
          <PasswordInput
            mt="xs"
            label={t(draft.authKind === 'token' ? 'form.tokenSecret' : 'form.password')}
            value={draft.secret}
            onChange={(e) => update({ secret: e.currentTarget.value })}
            data-testid="read-only-rail-secret"
          />
        </Alert>
      ) : null}
      {error === undefined ? null : (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="space-between" mt="md">
        <Button variant="default" onClick={step === 0 ? onClose : () => setStep(step - 1)}>
          {step === 0 ? t('clusters.cancel') : t('form.back')}
        </Button>
        {step < 2 ? (
          <Button
            onClick={() => setStep(step + 1)}
            disabled={step === 0 ? !endpointsDecided : verdict === undefined && !existing}
          >
            {t('form.next')}
          </Button>
        ) : (
          <Button onClick={() => void save()} loading={busy} disabled={railBlocks}>
            {t('form.save')}
          </Button>
        )}
      </Group>
    </Modal>
  )
}
