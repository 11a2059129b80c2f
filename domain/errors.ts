/**
 * Every refusal the platform can give: an HTTP status, a stable machine-readable code and a
 * French message for people. Workflows, API and UI all speak these codes.
 */
export const errorCatalogue = {
  'request.malformed_json': { status: 400, message: 'Le corps de la requête n’est pas un JSON valide.' },
  'request.invalid': { status: 422, message: 'Certaines informations sont manquantes ou invalides.' },
  'request.invalid_characters': {
    status: 400,
    message: 'La requête contient un caractère non autorisé (caractère nul ou de contrôle).',
  },
  'request.malformed': { status: 400, message: 'La requête est mal formée.' },
  'request.not_found': { status: 404, message: 'Cette adresse n’existe pas.' },
  'request.method_not_allowed': {
    status: 405,
    message: 'Cette méthode n’est pas acceptée à cette adresse (voir l’en-tête Allow).',
  },
  'request.cross_origin': {
    status: 403,
    message: 'Requête refusée : une modification ne peut être demandée que depuis Parcours lui-même.',
  },
  'request.too_large': { status: 413, message: 'La requête est trop volumineuse (1 Mo au plus).' },
  'request.uri_too_long': { status: 414, message: 'L’adresse demandée est trop longue (8 000 caractères au plus).' },
  'request.unsupported_media_type': {
    status: 415,
    message: 'Le corps de la requête doit être envoyé en JSON (en-tête Content-Type: application/json).',
  },
  'request.headers_too_large': { status: 431, message: 'Les en-têtes de la requête sont trop volumineux.' },
  'auth.unauthenticated': { status: 401, message: 'Vous devez être connecté pour effectuer cette action.' },
  'auth.forbidden': { status: 403, message: 'Vous n’avez pas les droits nécessaires pour cette action.' },
  'auth.invalid_credentials': { status: 401, message: 'Identifiant ou mot de passe incorrect.' },
  'auth.code_invalid': { status: 401, message: 'Code incorrect. Vérifiez le code reçu par e-mail ou par SMS.' },
  'auth.code_expired': {
    status: 401,
    message: 'Ce code n’est plus valable : reconnectez-vous pour en recevoir un nouveau.',
  },
  'auth.code_locked': {
    status: 401,
    message: 'Trop de codes erronés : ce code est bloqué. Reconnectez-vous pour en recevoir un nouveau.',
  },
  'auth.rate_limited': { status: 429, message: 'Trop de tentatives. Réessayez plus tard.' },
  'auth.cgu_required': {
    status: 403,
    message: 'Une nouvelle version des conditions générales d’utilisation doit être acceptée avant de continuer.',
  },
  'auth.cgu_outdated': {
    status: 409,
    message: 'Cette version des conditions n’est plus en vigueur : rechargez la page.',
  },
  'auth.reset_link_invalid': {
    status: 410,
    message: 'Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.',
  },
  'auth.verification_link_invalid': {
    status: 410,
    message: 'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré).',
  },
  'auth.invitation_invalid': {
    status: 410,
    message: 'Cette invitation n’est plus valable (déjà utilisée, expirée ou retirée). Demandez-en une nouvelle.',
  },
  'auth.invitation_not_found': { status: 404, message: 'Cette invitation n’existe pas.' },
  'auth.invitation_not_pending': {
    status: 409,
    message:
      'Cette invitation n’est plus en attente (acceptée, expirée ou déjà retirée) : elle ne peut pas être retirée.',
  },
  'auth.email_taken': { status: 409, message: 'Un compte existe déjà avec cette adresse e-mail.' },
  'auth.weak_password': {
    status: 422,
    message: 'Le mot de passe doit compter au moins 12 caractères.',
  },
  'auth.cgu_not_accepted': {
    status: 422,
    message: 'Pour créer votre compte, vous devez accepter les conditions générales d’utilisation.',
  },
  'auth.password_mismatch': { status: 422, message: 'Les deux mots de passe saisis ne sont pas identiques.' },
  'auth.psc_not_configured': {
    status: 404,
    message:
      'La connexion avec Pro Santé Connect n’est pas activée sur cette instance de Parcours. Connectez-vous avec votre numéro RPPS et votre mot de passe.',
  },
  'auth.psc_unavailable': {
    status: 503,
    message: 'Pro Santé Connect ne répond pas pour le moment. Réessayez dans quelques minutes.',
  },
  'auth.psc_failed': {
    status: 401,
    message:
      'L’identification avec Pro Santé Connect n’a pas abouti (demande expirée, déjà utilisée ou invalide). Recommencez depuis la page de connexion.',
  },
  'auth.psc_cancelled': {
    status: 401,
    message:
      'L’identification avec Pro Santé Connect a été annulée. Vous pouvez recommencer depuis la page de connexion.',
  },
  'auth.psc_identity_invalid': {
    status: 422,
    message:
      'Pro Santé Connect n’a pas transmis de numéro RPPS valide : un compte de médecin ne peut être créé qu’avec un numéro RPPS.',
  },
  'auth.enrolment_invalid': {
    status: 410,
    message:
      'Cette inscription n’est plus valable (déjà utilisée ou commencée il y a plus de 30 minutes). Identifiez-vous à nouveau avec Pro Santé Connect.',
  },
  'auth.rpps_taken': { status: 409, message: 'Un compte existe déjà pour ce numéro RPPS : connectez-vous.' },
  'doctor_grant.not_found': {
    status: 404,
    message: 'Ce rôle de médecin n’existe pas ou n’est plus en attente de confirmation.',
  },
  'doctor_grant.rpps_invalid': {
    status: 422,
    message: 'Numéro RPPS invalide : onze chiffres, dont une clé de contrôle.',
  },
  'doctor_grant.rpps_taken': {
    status: 409,
    message: 'Ce numéro RPPS est déjà celui d’un autre compte Parcours.',
  },
  'doctor_grant.rpps_mismatch': {
    status: 409,
    message: 'Ce compte porte déjà un autre numéro RPPS : vérifiez l’identité du médecin.',
  },
  'account.session_not_found': { status: 404, message: 'Cette session n’existe pas ou est déjà fermée.' },
  'account.phone_invalid': { status: 422, message: 'Ce numéro de téléphone n’est pas valide.' },
  'account.phone_not_mobile': {
    status: 422,
    message: 'Indiquez un numéro de téléphone mobile : le code de vérification est envoyé par SMS.',
  },
  'account.phone_code_invalid': { status: 422, message: 'Code incorrect. Vérifiez le code reçu par SMS.' },
  'account.phone_code_expired': {
    status: 410,
    message: 'Ce code n’est plus valable : demandez un nouveau code.',
  },
  'account.phone_code_locked': {
    status: 423,
    message: 'Trop de codes erronés : ce code est bloqué. Demandez un nouveau code.',
  },
  'account.phone_code_too_soon': {
    status: 429,
    message: 'Un code vient d’être envoyé : patientez avant d’en demander un autre.',
  },
  'account.phone_not_verified': {
    status: 409,
    message:
      'Vérifiez d’abord votre numéro de téléphone mobile : les codes ne sont envoyés par SMS qu’à un numéro vérifié.',
  },
  'notifications.phone_in_account': {
    status: 422,
    message:
      'Le numéro de mobile ne se règle plus ici : indiquez-le dans « Mon compte » (/compte), où il est vérifié par un code SMS.',
  },
  'notifications.sms_needs_verified_phone': {
    status: 409,
    message:
      'Pour recevoir des notifications par SMS, ajoutez et vérifiez d’abord votre numéro de mobile dans « Mon compte ».',
  },
  'passkey.not_found': { status: 404, message: 'Cette clé d’accès n’existe pas ou a déjà été supprimée.' },
  'passkey.challenge_expired': {
    status: 410,
    message: 'La demande a expiré (5 minutes) ou a déjà servi : recommencez.',
  },
  'passkey.registration_failed': {
    status: 422,
    message: 'La clé d’accès n’a pas pu être enregistrée. Réessayez.',
  },
  'passkey.unknown_credential': {
    status: 401,
    message:
      'Cette clé d’accès n’est pas reconnue : elle a peut-être été supprimée de votre compte. Connectez-vous avec votre mot de passe.',
  },
  'passkey.verification_failed': {
    status: 401,
    message: 'La vérification de la clé d’accès a échoué. Réessayez, ou connectez-vous avec votre mot de passe.',
  },
  'facility.unknown': { status: 422, message: 'Établissement inconnu.' },
  'facility.not_found': { status: 404, message: 'Établissement introuvable.' },
  'facility.places_exceed_capacity': {
    status: 422,
    message: 'Une unité ne peut pas déclarer plus de places disponibles que de places installées.',
  },
  'commune.unknown': { status: 422, message: 'Commune inconnue : choisissez-la dans la liste.' },
  'facility.kind_mismatch': {
    status: 422,
    message: 'Cet établissement ne propose pas le type de prise en charge demandé.',
  },
  'referral.not_found': { status: 404, message: 'Demande introuvable.' },
  'referral.not_family': {
    status: 409,
    message: 'Cette action ne concerne que les demandes faites par la personne ou sa famille.',
  },
  'referral.referent_already': { status: 409, message: 'Cette personne suit déjà ce dossier.' },
  'family.invitation_email_invalid': {
    status: 422,
    message: 'Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.',
  },
  'family.referent_not_particulier': {
    status: 422,
    message: 'Seul un compte de l’espace particulier peut suivre ce dossier comme référent.',
  },
  'family.referent_is_professional': {
    status: 422,
    message:
      'Un référent n’est jamais un professionnel du dossier : invitez l’adresse personnelle d’un proche, qui suivra la demande depuis l’espace particulier.',
  },
  'family.assistance_not_active': {
    status: 409,
    message: 'Aucun professionnel n’accompagne plus cette demande.',
  },
  'family.invitation_not_pending': {
    status: 404,
    message: 'Cette invitation n’est plus en attente : elle a été acceptée, retirée ou a expiré.',
  },
  'family.invitation_invalid': {
    status: 404,
    message: 'Ce lien d’invitation n’est pas valable : il a expiré, a déjà servi ou a été remplacé.',
  },
  'family.invitation_login_first': {
    status: 409,
    message:
      'Un compte existe déjà pour cette adresse e-mail : connectez-vous, puis ouvrez à nouveau le lien de l’invitation.',
  },
  'family.invitation_account_required': {
    status: 422,
    message: 'Créez votre compte (nom, mot de passe, conditions d’utilisation) pour accepter l’invitation.',
  },
  'family.assisted_not_allowed': {
    status: 403,
    message:
      'Seul un professionnel qui accompagne la personne (établissement, service social, coordination) peut créer une demande pour elle.',
  },
  'physician.invitation_stale': {
    status: 409,
    message: 'Cette invitation ne correspond plus au médecin attendu pour ce dossier (un autre médecin a été désigné).',
  },
  'physician.invitation_not_physician': {
    status: 403,
    message: 'Cette invitation s’adresse à un médecin : connectez-vous avec votre compte médecin (Pro Santé Connect).',
  },
  'physician.rpps_invalid': {
    status: 422,
    message:
      'Ce numéro RPPS n’est pas valide : il a onze chiffres, dont le dernier est une clé de contrôle. Vérifiez-le.',
  },
  'physician.unknown': {
    status: 422,
    message: 'Ce médecin n’est pas inscrit sur Parcours : invitez-le par e-mail.',
  },
  'physician.not_designated': {
    status: 403,
    message: 'Vous n’êtes pas (ou plus) le médecin désigné pour ce dossier.',
  },
  'physician.already_designated': { status: 409, message: 'Ce médecin est déjà désigné pour ce dossier.' },
  'physician.already_completed': {
    status: 409,
    message: 'Le médecin a déjà complété et validé ce dossier.',
  },
  'physician.part_incomplete': {
    status: 422,
    message: 'Le volet médical et la grille AGGIR doivent être complets pour valider le dossier.',
  },
  'referral.dossier_version_not_found': { status: 404, message: 'Cette version du dossier n’existe pas.' },
  'referral.already_closed': { status: 409, message: 'Cette demande est close : elle ne peut plus être modifiée.' },
  'referral.not_sent': { status: 409, message: 'Cette demande n’a pas encore été envoyée.' },
  'referral.already_sent': { status: 409, message: 'Cette demande a déjà été envoyée.' },
  'referral.dossier_incomplete': {
    status: 422,
    message: 'Le dossier est incomplet : complétez les parties manquantes avant l’envoi.',
  },
  'referral.no_second_wave': {
    status: 409,
    message: 'Aucune deuxième vague n’est prévue ou elle est déjà partie : ajoutez l’établissement à l’envoi en cours.',
  },
  'referral.no_facility': { status: 422, message: 'Choisissez au moins un établissement avant l’envoi.' },
  'referral.deadline_not_due': { status: 409, message: 'Cette échéance n’est pas encore atteinte.' },
  'referral.possible_duplicate': {
    status: 409,
    message:
      'Une demande en cours existe déjà pour cette personne. Ouvrez-la, ou confirmez qu’il s’agit d’une autre demande.',
  },
  'referral.possible_professional_duplicate': {
    status: 409,
    message:
      'Une demande faite par un professionnel est déjà en cours pour cette personne. Vérifiez-la avec son demandeur, ou confirmez qu’il s’agit d’une autre demande.',
  },
  'referral.basket_full': {
    status: 422,
    message: '30 établissements au plus par demande : retirez-en un de la sélection avant d’en ajouter un autre.',
  },
  'referral.duplicate_facility': {
    status: 422,
    message: 'Un même établissement ne peut être sollicité qu’une fois par demande.',
  },
  'referral.choice_already_made': {
    status: 409,
    message: 'Un établissement a déjà été choisi pour cette demande.',
  },
  'referral.desired_entry_date_past': {
    status: 422,
    message: 'La date d’entrée souhaitée est passée : indiquez aujourd’hui ou une date à venir.',
  },
  'task.proposed_entry_date_past': {
    status: 422,
    message: 'La date d’entrée proposée est passée : indiquez aujourd’hui ou une date à venir.',
  },
  'task.place_held_past': {
    status: 422,
    message: 'La date de fin de réservation de la place est passée : indiquez aujourd’hui ou une date à venir.',
  },
  'task.place_held_after_entry': {
    status: 422,
    message: 'La place ne peut pas être réservée au-delà de la date d’entrée proposée.',
  },
  'task.admission_too_early': {
    status: 409,
    message:
      'L’admission ne peut pas encore être confirmée : elle l’est au plus quelques jours avant la date d’entrée, ou une fois la personne entrée.',
  },
  'task.entry_before_acceptance': {
    status: 422,
    message: 'La date d’entrée ne peut pas précéder l’accord de l’établissement.',
  },
  'task.not_found': { status: 404, message: 'Cette demande n’a pas été adressée à cet établissement.' },
  'task.invalid_transition': {
    status: 409,
    message: 'Cette action n’est pas possible dans l’état actuel de la demande.',
  },
  'task.not_sent': { status: 409, message: 'Cette demande n’a pas encore été envoyée à cet établissement.' },
  'task.no_info_request': {
    status: 409,
    message: 'Aucune demande d’informations n’est en attente pour cet établissement.',
  },
  'task.not_accepted': {
    status: 409,
    message: 'Seul un établissement ayant donné son accord peut être choisi.',
  },
  'task.not_chosen': {
    status: 409,
    message: 'Seul l’établissement choisi peut confirmer l’admission ou la déclarer impossible.',
  },
  'pco.not_born': { status: 422, message: 'La date de naissance est postérieure à la date de la demande.' },
  'pco.too_old': {
    status: 422,
    message: 'L’orientation vers une PCO concerne les enfants de moins de 12 ans.',
  },
  'pco.no_platform': {
    status: 422,
    message: 'Aucune plateforme (PCO) ne couvre ce département pour l’âge de l’enfant.',
  },
  'pco.no_age_bracket': { status: 422, message: 'Aucune grille de repérage ne correspond à l’âge de l’enfant.' },
  'pco.unknown_screening_item': {
    status: 422,
    message: 'Un signe coché n’appartient pas à la grille de repérage de cet âge.',
  },
  'pco.confirmation_required': {
    status: 422,
    message: 'L’orientation demande la confirmation par le médecin d’un écart inhabituel de développement.',
  },
  'pco.consent_required': { status: 422, message: 'Le consentement des parents à l’orientation est requis.' },
  'pco.not_found': { status: 404, message: 'Orientation introuvable.' },
  'pco.already_closed': { status: 409, message: 'Ce parcours est clos : il ne peut plus être modifié.' },
  'pco.already_decided': { status: 409, message: 'La prescription a déjà été validée ou refusée.' },
  'pco.plan_required': {
    status: 422,
    message: 'Indiquez au moins un professionnel dans le plan de bilans et d’interventions.',
  },
  'pco.not_validated': { status: 409, message: 'La prescription n’a pas encore été validée par la plateforme.' },
  'pco.not_started': { status: 409, message: 'Aucun bilan ni intervention n’a encore été enregistré.' },
  'pco.care_already_recorded': { status: 409, message: 'Ce bilan ou cette intervention est déjà enregistré.' },
  'pco.package_ceiling_exceeded': {
    status: 409,
    message:
      'Ce montant dépasse le plafond annuel du forfait d’intervention précoce. Confirmez pour l’enregistrer hors forfait.',
  },
  'pco.renewal_already_decided': {
    status: 409,
    message: 'La décision de renouvellement a déjà été prise pour ce parcours.',
  },
  'pco.synthesis_already_recorded': { status: 409, message: 'La réunion de synthèse est déjà enregistrée.' },
  'pco.already_renewed': {
    status: 409,
    message: 'Le parcours a déjà été renouvelé une fois : il ne peut plus l’être.',
  },
  'observatory.forbidden': {
    status: 403,
    message:
      'L’observatoire est réservé aux coordinateurs d’un territoire, aux administrateurs et aux responsables d’établissement.',
  },
  'observatory.invalid_period': {
    status: 422,
    message: 'La date de début doit précéder la date de fin.',
  },
  'coordination.not_stalled': {
    status: 409,
    message: 'Ce dossier n’est pas en retard : aucune relance n’est nécessaire.',
  },
  'coordination.already_reminded_today': {
    status: 409,
    message:
      'Une relance a déjà été envoyée aujourd’hui pour ce dossier : rien n’est envoyé de nouveau. Une nouvelle relance sera possible demain.',
  },
  'coordination.take_charge_invalid': {
    status: 422,
    message: 'La date de prise en charge doit être aujourd’hui ou dans les trois mois à venir.',
  },
  'workflow.unavailable': {
    status: 503,
    message: 'Le service de traitement des demandes est momentanément indisponible. Réessayez dans un instant.',
  },
  'projection.rejected': {
    status: 500,
    message:
      'Cette action n’a pas pu être enregistrée : une valeur du dossier est refusée par la base de données. Le dossier est signalé en anomalie aux administrateurs ; communiquez-leur la référence indiquée.',
  },
  'projection.delayed': {
    status: 503,
    message:
      'Cette action est prise en compte mais la base de données ne répond pas : elle apparaîtra dès son retour. Ne la renouvelez pas ; en cas de doute, communiquez la référence indiquée aux administrateurs.',
  },
  'temporal_codec.undecodable': {
    status: 422,
    message: 'Ces données Temporal ne peuvent pas être déchiffrées avec les clés configurées.',
  },
  'retention.person_not_found': {
    status: 404,
    message: 'Aucun dossier ne correspond à cette personne (nom, prénom et date de naissance).',
  },
  'retention.case_open': {
    status: 409,
    message:
      'Ce dossier est en cours : il ne peut être effacé qu’une fois clos (admission, annulation ou fin du parcours).',
  },
  'service.not_ready': {
    status: 503,
    message: 'Le service n’est pas prêt à recevoir des requêtes.',
  },
  'internal.unexpected': {
    status: 500,
    message: 'Une erreur inattendue est survenue. L’équipe technique a été prévenue.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalogue, value);
}

/** A refusal with a stable code; `message` defaults to the catalogue's French text. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}
