import { actionsFr } from './actions-fr'
import { auditFr } from './audit-fr'
import { bulkFr } from './bulk-fr'
import { consolesFr } from './consoles-fr'
import { drFr } from './dr-fr'
import { drSitesFr } from './dr-sites-fr'
import { inventoryFr } from './inventory-fr'
import { tasksFr } from './tasks-fr'
import { lookFr } from './look-fr'
import { panelsFr } from './panels-fr'
import { searchFr } from './search-fr'
import { viewsFr } from './views-fr'
import type { en } from './en'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** Chaînes françaises : la langue par défaut des équipes du NOC. */
export const fr: Strings<typeof en> = {
  app: { title: 'PVE Desk', loading: 'Connexion aux clusters…', noClusters: 'Aucun cluster configuré.' },
  startup: {
    failed: 'PVE Desk n’a pas pu démarrer',
    hint: 'Les services de l’application ne lui ont pas donné la flotte. Réessayez ; si cela continue, redémarrez PVE Desk.',
    retry: 'Réessayer',
    reason: {
      unreachable: 'Les services de l’application ne répondent pas.',
      timeout: 'Les services de l’application n’ont pas répondu à temps.',
      internal: 'Erreur interne de PVE Desk.',
    },
  },
  failure: {
    refresh: 'Le cluster n’a pas pu être interrogé à nouveau.',
    workspace: 'Votre espace de travail (langue, thème, vues, dossiers) n’a pas pu être lu ou enregistré.',
    health: 'L’application n’a pas pu donner son propre état.',
    console: 'La console n’a pas pu être ouverte ou changée.',
    consoles: 'Les consoles ouvertes n’ont pas pu être listées.',
    spice: 'L’affichage SPICE n’a pas pu être ouvert.',
    close: 'Fermer',
  },
  tree: {
    label: 'Parc : sites, clusters, nœuds, invités et stockages',
    empty: 'Rien ne correspond à « {{filter}} ».',
    site: 'Site {{site}}, {{count}} invités',
    guests_one: '{{count}} invité',
    guests_other: '{{count}} invités',
    certificateChanged: 'certificat changé : {{nodes}}',
  },
  kind: { qemu: 'VM', lxc: 'Conteneur', node: 'Nœud', storage: 'Stockage', site: 'Site', cluster: 'Cluster' },
  status: {
    running: 'en marche',
    stopped: 'arrêté',
    paused: 'en pause',
    unknown: 'inconnu',
    template: 'modèle',
    locked: 'verrouillé ({{lock}})',
    online: 'en ligne',
    offline: 'hors ligne',
    connecting: 'connexion',
    unreachable: 'injoignable',
    error: 'erreur',
    available: 'disponible',
  },
  stale: { badge: 'périmé', since: 'dernier état connu il y a {{age}}', never: 'jamais joint' },
  cluster: { retry: 'Réessayer', servedBy: 'Servi par {{node}}', readOnly: 'lecture seule' },
  details: {
    empty: 'Sélectionnez un élément de l’arbre pour voir ses détails.',
    drawFailed: 'Ce panneau n’a pas pu être affiché',
    drawRetry: 'Afficher à nouveau',
    status: 'État',
    node: 'Nœud',
    site: 'Site',
    cluster: 'Cluster',
    vmid: 'VMID',
    type: 'Type',
    cpu: 'CPU',
    cpuValue: '{{percent}} de {{count}} CPU',
    memory: 'Mémoire',
    disk: 'Disque',
    uptime: 'Temps de fonctionnement',
    tags: 'Étiquettes',
    pool: 'Pool',
    lock: 'Verrou',
    ha: 'État HA',
    network: 'Réseau entrée / sortie',
    version: 'Version de Proxmox VE',
    servedBy: 'Servi par',
    lastUpdated: 'Dernière mise à jour',
    error: 'Dernière erreur',
    nextAttempt: 'Prochain essai',
    content: 'Contenu',
    shared: 'Partagé',
    plugintype: 'Type de stockage',
    yes: 'oui',
    no: 'non',
    clusters: 'Clusters',
    guests: 'Invités',
    runningGuests: 'Invités en marche',
    staleWarning: 'Ces valeurs sont le dernier état connu : le cluster ne répond pas.',
  },
  clusters: {
    manage: 'Clusters',
    title: 'Clusters',
    add: 'Ajouter un cluster',
    edit: 'Modifier',
    remove: 'Retirer',
    removeTitle: 'Retirer le cluster {{name}} ?',
    removeBody:
      'PVE Desk oublie le cluster {{name}} ({{id}}) du site {{site}}, ses empreintes de certificat et son mot de passe dans le trousseau. Rien ne change côté Proxmox VE.',
    removeConfirm: 'Retirer {{name}}',
    cancel: 'Annuler',
    none: 'Aucun cluster : ajoutez le premier.',
    credentialStored: 'mot de passe dans le trousseau',
    credentialMissing: 'aucun mot de passe enregistré',
    auth: { password: 'Utilisateur et mot de passe', token: 'Jeton d’API' },
  },
  form: {
    addTitle: 'Ajouter un cluster',
    editTitle: 'Modifier le cluster {{name}}',
    stepEndpoints: 'Points d’accès',
    stepLogin: 'Connexion',
    stepIdentity: 'Nom et sites',
    endpoints: 'Points d’accès (un par ligne : hôte, hôte:port ou https://hôte:port ; port 8006 par défaut)',
    checkCertificates: 'Vérifier les certificats',
    fingerprintTyped: 'Ou collez l’empreinte attendue (console du nœud : pvenode cert info)',
    fingerprintMatches: 'Elle correspond au certificat.',
    fingerprintDiffers: 'Elle NE correspond PAS au certificat présenté.',
    trust: 'Je fais confiance à ce certificat',
    trustedByCa: 'Signé par une autorité reconnue par ce système.',
    selfSigned: 'Auto-signé ou autorité inconnue : comparez l’empreinte avant de lui faire confiance.',
    subject: 'Sujet',
    issuer: 'Émetteur',
    validity: 'Validité',
    fingerprint: 'Empreinte SHA-256',
    realm: 'Domaine',
    username: 'Utilisateur',
    password: 'Mot de passe',
    passwordKeep: 'Laisser vide pour garder le mot de passe enregistré',
    secretAgain:
      'Points d’accès, certificats ou utilisateur modifiés : saisissez à nouveau le mot de passe (ou le secret du jeton).',
    secretMissing:
      'Le trousseau ne contient aucun mot de passe (ou secret de jeton) pour ces réglages : saisissez-le pour vous reconnecter.',
    tokenId: 'Identifiant du jeton (utilisateur@domaine!nom)',
    tokenSecret: 'Secret du jeton',
    test: 'Tester la connexion',
    testOk: 'Connecté à Proxmox VE {{version}} via {{servedBy}}.',
    testTfa:
      'Mot de passe accepté. Ce compte exige aussi son second facteur : PVE Desk le demandera une fois le cluster enregistré.',
    nodesFound: 'Nœuds : {{nodes}}',
    name: 'Nom affiché',
    id: 'Identifiant (court, pour les scripts : lettres, chiffres, tirets)',
    defaultSite: 'Site (par défaut pour chaque nœud)',
    siteOf: 'Site de {{node}}',
    color: 'Couleur',
    readOnly: 'Lecture seule (aucune action sur ce cluster depuis PVE Desk)',
    back: 'Retour',
    next: 'Suivant',
    save: 'Enregistrer',
    problem: 'Vérifiez ce champ : {{problem}}',
  },
  problems: {
    certificateChanged: 'Le certificat de {{url}} a changé',
    certificateChangedNode: 'Le certificat du nœud {{node}} ({{url}}) a changé',
    endpointsDown: 'Nœuds qui ne répondent pas (les autres servent le cluster)',
    endpointDown: '{{node}} ({{url}}) {{reason}}. Dernière réponse : {{when}}.',
    endpointState: {
      unreachable: 'ne répond pas',
      timeout: 'n’a pas répondu à temps',
      bad_response: 'a envoyé une réponse illisible pour PVE Desk',
    },
    certificateChangedOthersServe:
      'PVE Desk n’envoie plus rien à ce nœud — ni mot de passe, ni ticket — tant que vous n’avez pas approuvé son nouveau certificat ; le cluster continue par ses autres nœuds. Si le certificat a été renouvelé volontairement, comparez les empreintes et approuvez le nouveau ; sinon, quelqu’un s’est peut-être interposé.',
    certificateChangedBody:
      'PVE Desk a cessé de parler à ce point d’accès. Si le certificat du nœud a été renouvelé volontairement, comparez les empreintes et faites confiance au nouveau ; sinon, quelqu’un est peut-être au milieu.',
    trustedBefore: 'Approuvé jusqu’ici',
    presentedNow: 'Présenté maintenant',
    trustNew: 'Faire confiance au nouveau certificat',
    passwordRejected: 'Le mot de passe a été refusé',
    passwordRejectedBody:
      'L’arbre garde le dernier état connu. Saisissez à nouveau le mot de passe pour vous reconnecter.',
    sendPassword: 'Se reconnecter',
    tfaTitle: 'Second facteur pour {{user}}',
    tfaBody: 'Saisissez le code de votre application d’authentification (TOTP) ou une clé de récupération.',
    tfaCode: 'Code',
    tfaRecovery: 'Utiliser une clé de récupération',
    tfaSend: 'Valider',
    keychainMissing:
      'Aucun trousseau du système n’est disponible : {{reason}}. PVE Desk ne peut pas enregistrer de mot de passe et ne les enregistrera nulle part ailleurs.',
    settingsCorrupt:
      'Le fichier de réglages était illisible ({{reason}}). Il a été déplacé vers {{movedTo}} ; PVE Desk a démarré avec des réglages vides.',
    settingsReadOnly:
      'Le fichier de réglages a été écrit par un PVE Desk plus récent (version {{schemaVersion}} ; celui-ci lit jusqu’à {{supported}}). Il est ouvert en lecture seule : ajouter, modifier ou retirer un cluster est refusé, et le fichier reste tel quel.',
    settingsUnreadable:
      'Le fichier de réglages {{file}} a été modifié et est illisible ({{reason}}). PVE Desk garde les clusters qu’il avait et laisse le fichier tel quel ; ajouter, modifier ou retirer un cluster est refusé tant que le fichier n’est pas corrigé.',
    droppedCluster:
      'L’entrée de cluster {{index}} ({{id}}) du fichier de réglages est illisible et a été écartée : {{reason}}. Elle reste telle quelle dans le fichier ; corrigez-la là.',
    secretAgain: 'Mot de passe ou secret du jeton (à saisir à nouveau pour le nouveau certificat)',
    secretUnbound: 'Le mot de passe enregistré ne correspond pas à ces réglages',
    secretUnboundBody:
      'Le mot de passe ou le secret du jeton du trousseau a été enregistré pour d’autres points d’accès, certificats ou utilisateur que ceux des réglages actuels (le fichier de réglages a été modifié, ou vient d’ailleurs). PVE Desk n’a rien envoyé. Saisissez-le à nouveau pour vous reconnecter.',
  },
  capability: {
    title: 'Vos droits ici',
    power: 'Démarrer, arrêter, redémarrer',
    console: 'Console',
    config: 'Modifier la configuration',
    backup: 'Sauvegarder',
    unknownCluster: 'Cluster inconnu.',
    readOnly: '{{cluster}} est en lecture seule dans PVE Desk.',
    notYetKnown: 'Vos privilèges ne sont pas encore connus (pas de session).',
    missing: 'Privilège {{privilege}} manquant sur {{path}}.',
  },
  /** Ce que signifie la raison (`detail.reason`) de certaines erreurs, plus précisément que leur code. */
  errorReason: {
    secret_unbound:
      'Le mot de passe ou secret de jeton enregistré l’a été pour d’autres points d’accès, certificats ou utilisateur : rien n’a été envoyé ; saisissez-le à nouveau.',
    secret_missing: 'Aucun mot de passe ni secret de jeton n’est enregistré pour ce cluster.',
    settings_read_only:
      'Le fichier de réglages vient d’un PVE Desk plus récent et est ouvert en lecture seule : rien n’a été modifié.',
    settings_unreadable:
      'Le fichier de réglages est illisible (écrit à moitié ou abîmé à la main) : rien n’a été modifié ; corrigez d’abord le fichier.',
    no_serial:
      'Cette VM n’a pas de port série (serial0) : ouvrez plutôt son Écran, ou ajoutez-lui un port série.',
    not_running: 'L’invité n’est pas en marche : démarrez-le d’abord.',
    no_spice:
      'Cette VM n’a pas d’affichage SPICE (son affichage n’est pas « SPICE » / qxl) : utilisez plutôt son Écran.',
    token_unsupported:
      'Cette version de Proxmox VE n’ouvre pas de console pour un jeton d’API : connectez-vous avec un utilisateur et un mot de passe pour les consoles.',
    spice_busy:
      'Un visualiseur SPICE démarre déjà pour cet invité (ou trop à la fois) : patientez un instant.',
    moved: 'La console a été ouverte dans une autre fenêtre.',
    not_zip: 'Le fichier n’est pas une archive ZIP.',
    truncated: 'Le fichier est tronqué (coupé pendant une copie ou une écriture).',
    missing_member: 'Une partie de l’instantané d’inventaire manque dans l’archive.',
    too_large:
      'Le fichier, ou une de ses parties, est plus gros que ne peut l’être un instantané d’inventaire.',
    newer_version:
      'L’instantané d’inventaire a été écrit par un PVE Desk plus récent : mettez PVE Desk à jour pour l’ouvrir.',
    not_inventory: 'L’archive n’est pas un instantané d’inventaire PVE Desk.',
    schema: 'Le contenu de l’instantané d’inventaire est illisible (abîmé ou modifié à la main).',
    manifest_mismatch: 'Le manifeste ne correspond pas au contenu signé : le fichier a été modifié.',
    digest_mismatch:
      'Le contenu ne correspond pas à son condensé SHA-256 : le fichier a été modifié ou abîmé.',
    signature_invalid:
      'La signature n’est pas valide : le fichier a été modifié ou n’a pas été signé par cette clé.',
    signer_untrusted: 'La signature est valide, mais faite par une autre clé que celle exigée.',
  },
  error: {
    tls_untrusted: 'Le certificat du serveur n’est pas celui que vous avez approuvé.',
    auth_failed: 'Échec de l’authentification : vérifiez l’utilisateur, le mot de passe ou le jeton.',
    auth_expired: 'La session a expiré.',
    forbidden: 'Refusé par Proxmox VE : privilège manquant.',
    read_only: 'Ce cluster est en lecture seule dans PVE Desk : aucune modification ne lui est envoyée.',
    unreachable: 'Aucun point d’accès de ce cluster ne répond.',
    timeout: 'Le cluster n’a pas répondu à temps.',
    cancelled: 'Annulé.',
    not_found: 'Introuvable.',
    conflict: 'L’action est incompatible avec l’état actuel.',
    invalid_request: 'Requête invalide.',
    pve_error: 'Proxmox VE a signalé une erreur.',
    bad_response: 'Proxmox VE a envoyé une réponse illisible pour PVE Desk.',
    tfa_required: 'Un second facteur est nécessaire pour se connecter.',
    keychain_unavailable: 'Aucun trousseau du système n’est disponible.',
    settings_corrupt: 'Le fichier de réglages était illisible.',
    console_unavailable: 'Cette console n’est pas disponible pour cet invité.',
    viewer_missing: 'Le programme qui affiche cette console n’est pas installé.',
    inventory_invalid: 'Ce fichier n’est pas un instantané d’inventaire intact : rien n’en a été ouvert.',
    internal: 'Erreur interne de PVE Desk.',
  },
  duration: { seconds: '{{count}} s', minutes: '{{count}} min', hours: '{{count}} h', days: '{{count}} j' },
  consoles: consolesFr,
  inventory: inventoryFr,
  audit: auditFr,
  actions: actionsFr,
  bulk: bulkFr,
  tasks: tasksFr,
  panels: panelsFr,
  views: viewsFr,
  search: searchFr,
  look: lookFr,
  dr: drFr,
  drSites: drSitesFr,
}
