import { Alert, Button, Group, Loader, Modal, NumberInput, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkAction, BulkActionKind, BulkPlan } from '../../../../shared/model/bulk'
import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestRef } from '../../../../shared/model/guest-action'
import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import { useActionPreferences } from '../../stores/action-store'
import { useBulkStore } from '../../stores/bulk-store'
import { useFleetStore } from '../../stores/fleet-store'
import { BULK_ICONS } from './action-icons'
import { ASKS_AGAIN, proofMatches, protectedEntries, typedProof } from './bulk-guard'
import type { BulkForm } from './bulk-options'
import { buildAction, defaultForm, HAS_OPTIONS } from './bulk-options'
import { BulkConfirm } from './BulkConfirm'
import { BulkOptions } from './BulkOptions'
import { BulkPreview } from './BulkPreview'

type Step = 'options' | 'preview' | 'confirm'

/** Main's plan of this action over these guests (at this concurrency, else the preferences'). */
const askPlan = (guests: readonly GuestRef[], action: BulkAction, concurrency?: number): Promise<BulkPlan> =>
  unwrap(
    pveDesk().bulkPlan({
      guests: [...guests],
      action,
      ...(concurrency === undefined ? {} : { concurrency }),
    }),
  )

/** A plan entry's guest as the live fleet has it now (its tags and pool for the guard rails). */
const fleetGuest = (entry: { clusterId: string; key: string }): FleetGuest | undefined => {
  const item = useFleetStore.getState().items[entry.clusterId]?.get(entry.key)
  return item?.kind === 'guest' ? item : undefined
}

/**
 * A bulk action from its options to its run: options (targets, storages, a guest snapshot name) → main's plan
 * (what runs where, what is skipped and why), with the concurrency per cluster → Run (stop asks once more) →
 * the run's dialog. The plan is main's: Run runs exactly what the preview shows. A stop, and a shutdown, reboot or
 * suspend of guests the guard rails protect, ask once more; protected guests are confirmed by typing.
 */
export function NewBulkDialog({
  action,
  guests,
}: {
  action: BulkActionKind
  guests: readonly GuestRef[]
}): ReactElement {
  const { t } = useTranslation()
  const close = useBulkStore((s) => s.close)
  const preferences = useActionPreferences()
  const [step, setStep] = useState<Step>(HAS_OPTIONS.has(action) ? 'options' : 'preview')
  const [form, setForm] = useState<BulkForm>(() => defaultForm(new Date()))
  const [plan, setPlan] = useState<BulkPlan | undefined>(undefined)
  const [busy, setBusy] = useState(!HAS_OPTIONS.has(action))
  const [error, setError] = useState<unknown>(undefined)
  const [typed, setTyped] = useState<string[]>([])
  const firstField = useRef<HTMLInputElement>(null)
  const cancelButton = useRef<HTMLButtonElement>(null)
  // Only the newest plan asked for is shown (the concurrency edited twice quickly).
  const asked = useRef(0)
  const clusterIds = [...new Set(guests.map((g) => g.clusterId))]
  const built = buildAction(action, form)
  // Read once per plan, not at every fleet poll: the names of its clusters, its protected guests.
  const clusterName = useMemo(() => {
    const { clusters } = useFleetStore.getState()
    const names = new Map(Object.entries(clusters).map(([id, c]) => [id, c.summary.name]))
    return (id: string): string => names.get(id) ?? id
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the names as they were when this plan came
  }, [plan])
  const guarded = useMemo(
    () => (plan === undefined ? [] : protectedEntries(action, plan.entries, fleetGuest, preferences)),
    [action, plan, preferences],
  )
  const guardedKeys = useMemo(() => new Set(guarded.map((e) => e.key)), [guarded])
  const proof = typedProof(guarded)
  const asksAgain = ASKS_AGAIN.has(action) || guarded.length > 0
  const confirmed = proofMatches(proof, typed)

  // The last question starts on the field to type, else on Cancel: never on the red button.
  // After the modal's own focus handling of the removed button (hence the timer).
  useEffect(() => {
    if (step !== 'confirm') return undefined
    const timer = setTimeout(() => (firstField.current ?? cancelButton.current)?.focus(), 0)
    return () => clearTimeout(timer)
  }, [step])

  const show = (mine: number, pending: Promise<BulkPlan>): void => {
    pending.then(
      (value) => {
        if (mine !== asked.current) return
        setPlan(value)
        setStep('preview')
        setBusy(false)
      },
      (failure: unknown) => {
        if (mine !== asked.current) return
        setError(failure)
        setBusy(false)
      },
    )
  }
  const preview = (concurrency?: number): void => {
    const request = buildAction(action, form)
    if (request === undefined) return
    setBusy(true)
    setError(undefined)
    show(++asked.current, askPlan(guests, request, concurrency))
  }

  // An action without options goes straight to its preview (`busy` starts true for it).
  useEffect(() => {
    const request = HAS_OPTIONS.has(action) ? undefined : buildAction(action, defaultForm(new Date()))
    if (request === undefined) return
    const mine = ++asked.current
    askPlan(guests, request).then(
      (value) => {
        if (mine !== asked.current) return
        setPlan(value)
        setBusy(false)
      },
      (failure: unknown) => {
        if (mine !== asked.current) return
        setError(failure)
        setBusy(false)
      },
    )
  }, [action, guests])

  const run = async (): Promise<void> => {
    if (plan === undefined) return
    // Never around the last question: a stop or protected guests run only once confirmed (typed).
    if (asksAgain && (step !== 'confirm' || !confirmed)) return
    setBusy(true)
    setError(undefined)
    try {
      const { bulkId } = await unwrap(pveDesk().bulkRun({ planId: plan.planId }))
      useBulkStore.getState().started(bulkId, action)
    } catch (failure: unknown) {
      setError(failure)
      setBusy(false)
    }
  }

  const runs = plan?.entries.filter((e) => e.run) ?? []
  const Icon = BULK_ICONS[action]
  return (
    <Modal
      opened
      onClose={close}
      size="xl"
      title={
        <Group gap="xs">
          <Icon size={18} aria-hidden="true" />
          <Text fw={600}>
            {t('bulk.dialog.title', { action: t(`bulk.action.${action}`), count: guests.length })}
          </Text>
        </Group>
      }
    >
      <Stack gap="md">
        {step === 'options' ? (
          <BulkOptions kind={action} form={form} onChange={setForm} clusterIds={clusterIds} />
        ) : null}
        {step !== 'options' && plan === undefined && busy ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('bulk.dialog.planning')}</Text>
          </Group>
        ) : null}
        {step !== 'options' && plan !== undefined ? (
          <>
            <NumberInput
              disabled={step === 'confirm'}
              label={t('bulk.dialog.concurrency')}
              description={t('bulk.dialog.concurrencyHint')}
              min={1}
              max={16}
              allowDecimal={false}
              clampBehavior="strict"
              value={plan.concurrency}
              onChange={(value) => {
                if (typeof value === 'number' && value >= 1 && value <= 16 && value !== plan.concurrency)
                  preview(value)
              }}
              w={260}
            />
            <BulkPreview plan={plan} clusterName={clusterName} guarded={guardedKeys} />
          </>
        ) : null}
        {step === 'confirm' && plan !== undefined ? (
          <BulkConfirm
            action={action}
            runs={runs}
            guarded={guarded}
            proof={proof}
            typed={typed}
            onType={setTyped}
            firstField={firstField}
          />
        ) : null}
        {error === undefined ? null : (
          <Alert color="red" role="alert">
            {describeError(error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} ref={cancelButton}>
            {t('bulk.dialog.cancel')}
          </Button>
          {step === 'options' ? (
            <Button onClick={() => preview()} disabled={built === undefined} loading={busy}>
              {t('bulk.dialog.preview')}
            </Button>
          ) : null}
          {step === 'confirm' || (step === 'preview' && HAS_OPTIONS.has(action)) ? (
            <Button
              variant="default"
              onClick={() => {
                setTyped([])
                setStep(step === 'confirm' ? 'preview' : 'options')
              }}
              disabled={busy}
            >
              {t('bulk.dialog.back')}
            </Button>
          ) : null}
          {step === 'preview' && plan !== undefined ? (
            <Button
              color={asksAgain ? 'red' : undefined}
              disabled={runs.length === 0}
              loading={busy}
              onClick={() => {
                if (asksAgain) setStep('confirm')
                else void run()
              }}
            >
              {t(`bulk.runAs.${action}`, { count: runs.length }) + (asksAgain ? '…' : '')}
            </Button>
          ) : null}
          {step === 'confirm' ? (
            <Button color="red" loading={busy} disabled={!confirmed} onClick={() => void run()}>
              {t(`bulk.confirm.runAs.${action}`, { count: runs.length })}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  )
}
