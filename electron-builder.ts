import type { Configuration } from 'electron-builder'

/**
 * Packaging (`npm run package`). Electron cannot be downloaded on every machine: point `PVEDESK_ELECTRON_DIST`
 * (or `-c.electronDist=`) at an unpacked Electron of the version in package.json. The fuses are flipped in the
 * packaged binary, so the shipped app cannot be turned back into a Node runtime or a debugger target, and loads
 * only the code of its own app.asar. src/main/app/packaging.test.ts holds it to that.
 */
const electronDist = process.env.PVEDESK_ELECTRON_DIST

const config: Configuration = {
  appId: 'org.pvedesk.app',
  productName: 'PVE Desk',
  executableName: 'pve-desk',
  directories: { output: 'dist' },
  // Only what electron-vite built for the shipped entry; the demo's Electron entry stays out of the package.
  // Production dependencies (package.json "dependencies") are added by electron-builder itself.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', '!out/main/demo-electron.js'],
  asar: true,
  // Every native dependency is N-API and prebuilt (@napi-rs/keyring): nothing to rebuild against Electron.
  npmRebuild: false,
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node runtime for anyone.
    runAsNode: false,
    // NODE_OPTIONS (and NODE_EXTRA_CA_CERTS) would let the environment inject code or trust roots.
    enableNodeOptionsEnvironmentVariable: false,
    // --inspect and SIGUSR1 would open a debugger on the main process, which holds the secrets.
    enableNodeCliInspectArguments: false,
    // Only resources/app.asar, never a loose app/ folder beside it, and its content checked against the hash
    // embedded at packaging (macOS and Windows).
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    // The renderer is served from app://pvedesk, never file://.
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['dir'], category: 'Network' },
  ...(electronDist === undefined || electronDist === '' ? {} : { electronDist }),
}

export default config
