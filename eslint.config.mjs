// Lint encodes the architecture: who may import whom (see README "Architecture"), where Electron IPC may
// be touched, and how big a file may grow. Type-aware rules catch floating promises across process edges.
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const ipcBan = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only src/main/ipc/electron-transport.ts and src/preload touch Electron IPC.',
}
const noRenderer = { group: ['**/renderer', '**/renderer/**'], message: 'Nobody imports the renderer.' }
const noPreload = { group: ['**/preload', '**/preload/**'], message: 'Nobody imports the preload.' }
const noMain = { group: ['**/main', '**/main/**'], message: 'Only main imports main.' }
const noNode = { group: ['node:*'], message: 'This room runs in a browser context: no Node built-ins.' }
const noTests = {
  group: ['**/tests', '**/tests/**'],
  message: 'Product code never imports tests or the simulator.',
}
const noSrc = {
  group: ['**/src/**'],
  message: 'The simulator speaks Proxmox VE, not our code: it imports nothing of ours.',
}

const restrict = (paths, patterns) => ['error', { paths, patterns }]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='webContents'][parent.property.name='send']",
          message: 'Events go through the router.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/explicit-function-return-type': 'off',
    },
  },
  // shared: pure TypeScript for every process.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { name: 'electron', message: 'shared runs everywhere: no Electron.' },
          { name: 'react', message: 'shared has no UI.' },
        ],
        [noMain, noRenderer, noPreload, noNode, noTests],
      ),
    },
  },
  // main: Node side. Electron only in app/, index.ts and the IPC transport.
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**', 'src/main/index.ts', 'src/main/ipc/electron-transport.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            name: 'electron',
            message:
              'Keep main framework-free: Electron only in app/, index.ts and ipc/electron-transport.ts.',
          },
        ],
        [noRenderer, noPreload, noTests],
      ),
    },
  },
  {
    files: ['src/main/app/**/*.ts', 'src/main/index.ts'],
    rules: { 'no-restricted-imports': restrict([ipcBan], [noRenderer, noPreload, noTests]) },
  },
  {
    files: ['src/main/ipc/electron-transport.ts'],
    rules: { 'no-restricted-imports': restrict([], [noRenderer, noPreload, noTests]) },
  },
  // cli: the main services without a window.
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'The CLI runs under plain Node.' }],
        [noRenderer, noPreload, noTests],
      ),
    },
  },
  // preload: the bridge only.
  {
    files: ['src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([], [noMain, noRenderer, noTests]) },
  },
  // renderer: React UI, imports shared only.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'The renderer talks to main through window.pveDesk only.' }],
        [noMain, noPreload, noNode, noTests],
      ),
    },
  },
  // Unit tests beside the code may use the test helpers (fixtures, stub handlers); the zones still apply otherwise.
  {
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // the simulator: an independent fake Proxmox VE.
  {
    files: ['tests/pve-sim/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([], [noSrc]) },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }] },
  },
)
