import type { actionsEn } from './actions-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises de actions (fusionnées dans fr.ts sous `actions`). */
export const actionsFr: Strings<typeof actionsEn> = {
  title: 'Actions',
  why: {
    clusterDown: '{{cluster}} ne répond pas.',
    qemuOnly: 'Machines virtuelles seulement.',
    template: 'Un modèle ne démarre pas et n’a pas d’instantané d’invité.',
    locked: 'L’invité est verrouillé ({{lock}}).',
    unknownState: 'L’état de l’invité est inconnu.',
    running: 'L’invité est déjà démarré.',
    notRunning: 'L’invité n’est pas démarré.',
    paused: 'L’invité est en pause.',
    notPaused: 'L’invité n’est pas en pause.',
  },
}
