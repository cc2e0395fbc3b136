import { resolve } from 'node:path'

import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    // index: the shipped app. demo-electron: the demo's composition (memory vault, seed on stdin, throw-away
    // home), built beside it for `npm run demo` and the Electron e2e test, and left out of the package.
    build: {
      rollupOptions: {
        input: { index: resolve('src/main/index.ts'), 'demo-electron': resolve('scripts/demo-electron.ts') },
      },
    },
  },
  preload: {
    // One CommonJS file: sandboxed preloads cannot be ES modules.
    build: {
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react()],
  },
})
