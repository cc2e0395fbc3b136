import { Alert, Button, Stack, Text } from '@mantine/core'
import { AlertTriangle } from 'lucide-react'
import type { ErrorInfo, ReactElement, ReactNode } from 'react'
import { Component } from 'react'
import { useTranslation } from 'react-i18next'

interface BoundaryProps {
  /** A new selection draws afresh: the failure belonged to the item that failed. */
  resetKey: string
  children: ReactNode
}

interface BoundaryState {
  error: Error | undefined
  key: string
}

/**
 * Whatever a panel throws while drawing (an answer of a shape it did not expect, a half-known guest), the app
 * stays: the details pane says it could not be drawn and why, the tree and the consoles go on. React unmounts the
 * whole root on an uncaught render error, which would blank the window.
 */
export class DetailsBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: undefined, key: this.props.resetKey }

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for the developer tools; the user sees the message in the pane.
    console.error('details pane could not be drawn', error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (error === undefined) return this.props.children
    return <DrawFailure error={error} onRetry={() => this.setState({ error: undefined })} />
  }
}

function DrawFailure({ error, onRetry }: { error: Error; onRetry: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <Alert
      color="red"
      variant="light"
      icon={<AlertTriangle size={16} />}
      title={t('details.drawFailed')}
      data-testid="details-draw-failed"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {error.message}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={onRetry}>
          {t('details.drawRetry')}
        </Button>
      </Stack>
    </Alert>
  )
}
