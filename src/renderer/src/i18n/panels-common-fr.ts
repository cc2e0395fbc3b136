import type { panelsCommonEn } from './panels-common-en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises communes aux panneaux de détails : le cadre, les graphiques et leurs réglages. */
export const panelsCommonFr: Strings<typeof panelsCommonEn> = {
  frame: {
    loading: 'Lecture auprès du cluster…',
    refresh: 'Actualiser',
    retry: 'Réessayer',
    failed: 'Ce panneau n’a pas pu être lu.',
    asOf: 'État à {{time}} : la dernière actualisation a échoué.',
    gaps_one: '{{count}} partie n’a pas pu être lue',
    gaps_other: '{{count}} parties n’ont pas pu être lues',
    gap: '{{part}} : {{message}}',
    offline: 'Un instantané d’inventaire est ouvert : rien n’est demandé aux clusters.',
  },
  chart: {
    timeframe: 'Période',
    cf: 'Consolidation',
    noData: 'Aucune donnée pour cette période.',
    summary: '{{title}}, {{timeframe}}, max {{max}}',
    summaryEmpty: '{{title}}, {{timeframe}}, aucune donnée',
    time: 'Heure',
    timeframes: {
      hour: 'dernière heure',
      day: 'dernier jour',
      week: 'dernière semaine',
      month: 'dernier mois',
      year: 'dernière année',
    },
    timeframeShort: { hour: 'Heure', day: 'Jour', week: 'Semaine', month: 'Mois', year: 'Année' },
    cfs: { AVERAGE: 'Moyenne', MAX: 'Maximum' },
    series: {
      cpu: 'CPU',
      maxcpu: 'CPU',
      mem: 'Mémoire utilisée',
      maxmem: 'Mémoire',
      memhost: 'Mémoire sur l’hôte',
      memused: 'Mémoire utilisée',
      memtotal: 'Mémoire',
      swapused: 'Swap utilisé',
      swaptotal: 'Swap',
      netin: 'Réseau entrant',
      netout: 'Réseau sortant',
      diskread: 'Lecture disque',
      diskwrite: 'Écriture disque',
      disk: 'Disque utilisé',
      maxdisk: 'Disque',
      rootused: 'Racine utilisée',
      roottotal: 'Racine',
      loadavg: 'Charge moyenne',
      iowait: 'Attente E/S',
      pressurecpusome: 'Pression CPU',
      pressureiosome: 'Pression E/S',
      pressurememorysome: 'Pression mémoire',
    },
  },
}
