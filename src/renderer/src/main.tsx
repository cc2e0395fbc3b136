import '@mantine/core/styles.css'
import './styles.css'

import { MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { initI18n } from './i18n'
import { Root } from './Root'
import { loadAppInfo, startApp } from './stores/actions'

async function bootstrap(): Promise<void> {
  // The system locale comes from main; if main does not answer, the failed-start screen speaks the browser's.
  const info = await loadAppInfo()
  await initI18n(info.ok ? info.value.locale : navigator.language)
  const root = document.getElementById('root')
  if (root === null) throw new Error('no #root element')
  createRoot(root).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="auto">
        <Root />
      </MantineProvider>
    </StrictMode>,
  )
  await startApp(info)
}

void bootstrap()
