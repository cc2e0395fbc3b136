/** English strings of actions (merged into en.ts under `actions`). */
export const actionsEn = {
  title: 'Actions',
  why: {
    clusterDown: '{{cluster}} does not answer.',
    qemuOnly: 'Virtual machines only.',
    template: 'A template neither runs nor holds guest snapshots.',
    locked: 'The guest is locked ({{lock}}).',
    unknownState: 'The guest’s state is unknown.',
    running: 'The guest is already running.',
    notRunning: 'The guest is not running.',
    paused: 'The guest is paused.',
    notPaused: 'The guest is not paused.',
  },
}
