import react from '@vitejs/plugin-react'
import type { ViteUserConfig } from 'vitest/config'
import { defineConfig } from 'vitest/config'

// Renderer test files share one module registry per worker (isolate: false): each file no longer re-imports React,
// Mantine and happy-dom (3× faster); src/renderer/src/test-setup.ts resets the stores and the document between
// files. These need a registry of their own: they replace a module (vi.mock), or count on module state other
// than a store being new (a panel's cache, "once per window").
const rendererIsolated = [
  'src/renderer/src/features/details/DetailsBoundary.test.tsx',
  'src/renderer/src/features/inventory/use-inventory-sync.test.tsx',
  'src/renderer/src/features/consoles/terminal/TerminalView.test.tsx',
  'src/renderer/src/features/consoles/Workspace.test.tsx',
  'src/renderer/src/features/bulk/BulkResults.test.tsx',
  'src/renderer/src/features/panels/charts/RrdChart.test.tsx',
  'src/renderer/src/features/inventory/offline-workspace.test.tsx',
  'src/renderer/src/features/inventory/offline-window.test.tsx',
  'src/renderer/src/features/inventory/tools/DiffDialog.test.tsx',
  'src/renderer/src/features/inventory/tools/CaptureButton.test.tsx',
]

// Unit test files share one module registry per worker too (isolate: false, 245 s → 140 s here): they build their
// own objects and dispose them. These replace a module (vi.mock), so they keep a registry of their own.
const unitIsolated = [
  'src/main/platform/settings-lock.test.ts',
  'src/main/clusters/cluster-service-watch.test.ts',
  'src/main/ipc/electron-transport.test.ts',
]
const unitFiles = [
  'src/shared/**/*.test.ts',
  'src/main/**/*.test.ts',
  'tests/pve-sim/**/*.test.ts',
  'tests/support/**/*.test.ts',
]

// Integration test files run one at a time (they share a keychain and ports, and their timing matters), in one
// module registry (isolate: false, 370 s → 250 s here: no fork and no re-import of main's services per file).
const integrationFiles = ['tests/integration/**/*.test.ts']
const integrationIsolated = [
  'tests/integration/console-spice.test.ts',
  'tests/integration/inventory-service-memory.test.ts',
  'tests/integration/permissions-cli.test.ts',
  'tests/integration/settings-unreadable.test.ts',
  'tests/integration/vault-cli.test.ts',
]
const integration = {
  environment: 'node' as const,
  // Each file fails if a timer or socket our code created outlives it (see tests/support/leak-check.ts);
  // vi.waitFor waits 10 s by default there, not 1 s (see tests/support/patient-wait-for.ts).
  setupFiles: ['tests/support/leak-check.ts', 'tests/support/patient-wait-for.ts'],
  testTimeout: 30_000,
  hookTimeout: 30_000,
  fileParallelism: false,
  isolate: false,
} satisfies ViteUserConfig['test']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: unitFiles,
          exclude: unitIsolated,
          isolate: false,
        },
      },
      {
        test: { name: 'unit-isolated', environment: 'node', include: unitIsolated },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
          exclude: rendererIsolated,
          setupFiles: ['src/renderer/src/test-setup.ts'],
          css: false,
          isolate: false,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer-isolated',
          environment: 'happy-dom',
          include: rendererIsolated,
          css: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: integrationFiles,
          exclude: integrationIsolated,
          ...integration,
        },
      },
      {
        // One file at a time, like the others: these replace a module (vi.mock), so each has its own registry.
        test: { name: 'integration-isolated', include: integrationIsolated, ...integration, isolate: true },
      },
    ],
  },
})
