/**
 * Conditions générales d'utilisation, versioned: the last entry is in force. Publishing a new
 * version (appending it here) makes every person accept it at their next request.
 */
export interface CguVersion {
  version: string;
  publishedOn: string;
  title: string;
  sections: { heading: string; paragraphs: string[] }[];
}

export const cguVersions: readonly CguVersion[] = [
  {
    version: '2026-11-01',
    publishedOn: '2026-11-01',
    title: 'Conditions générales d’utilisation de Parcours',
    sections: [
      {
        heading: '1. À quoi sert Parcours',
        paragraphs: [
          'Parcours permet aux professionnels de santé et du médico-social de préparer, d’envoyer et de suivre des demandes d’admission ou d’orientation d’une personne vers un établissement ou un service, et aux établissements d’y répondre.',
          'Le service est réservé aux professionnels habilités. Il ne remplace ni le dialogue avec la personne concernée ni la décision médicale.',
        ],
      },
      {
        heading: '2. Votre compte',
        paragraphs: [
          'Votre compte est personnel : vous ne le prêtez à personne et ne communiquez ni votre mot de passe ni les codes reçus. Les médecins sont identifiés par leur numéro RPPS.',
          'Une connexion depuis un nouvel appareil, puis à intervalle régulier, est confirmée par un code à usage unique. Signalez sans délai toute utilisation de votre compte que vous ne reconnaissez pas.',
        ],
      },
      {
        heading: '3. Secret professionnel et confidentialité',
        paragraphs: [
          'Les dossiers contiennent des données de santé couvertes par le secret professionnel. Vous n’y accédez que pour les personnes que vous accompagnez ou dont la demande est adressée à votre établissement, et uniquement dans la mesure nécessaire à votre mission.',
          'La partie médicale n’est lisible que par les médecins habilités. Chaque consultation d’un dossier et chaque événement de sécurité sont tracés et peuvent être contrôlés.',
        ],
      },
      {
        heading: '4. Données personnelles',
        paragraphs: [
          'Les données sont traitées pour organiser les admissions et orientations, conformément au règlement général sur la protection des données. Elles sont hébergées par un hébergeur certifié pour les données de santé.',
          'Vous informez la personne concernée de la transmission de sa demande. Elle peut exercer ses droits d’accès, de rectification et d’opposition auprès du responsable de traitement.',
        ],
      },
      {
        heading: '5. Engagements et évolution des conditions',
        paragraphs: [
          'Vous saisissez des informations exactes et à jour, et répondez aux demandes reçues dans les délais prévus. Un usage contraire à ces conditions peut entraîner la suspension du compte.',
          'Ces conditions peuvent évoluer : une nouvelle version doit être acceptée avant de poursuivre l’utilisation du service.',
        ],
      },
    ],
  },
  {
    // The espace particulier (issue 15): people and their families use Parcours too.
    version: '2026-12-03',
    publishedOn: '2026-12-03',
    title: 'Conditions générales d’utilisation de Parcours',
    sections: [
      {
        heading: '1. À quoi sert Parcours',
        paragraphs: [
          'Parcours permet de préparer, d’envoyer et de suivre des demandes d’admission ou d’orientation d’une personne vers un établissement ou un service, et aux établissements d’y répondre.',
          'Il s’adresse aux professionnels habilités de la santé et du médico-social, ainsi qu’aux personnes et à leurs proches (espace particulier), qui y déposent et suivent leur propre demande. Il ne remplace ni le dialogue avec la personne concernée ni la décision médicale.',
        ],
      },
      {
        heading: '2. Votre compte',
        paragraphs: [
          'Votre compte est personnel : vous ne le prêtez à personne et ne communiquez ni votre mot de passe ni les codes reçus. Les médecins sont identifiés par leur numéro RPPS.',
          'Une connexion depuis un nouvel appareil, puis à intervalle régulier, est confirmée par un code à usage unique. Signalez sans délai toute utilisation de votre compte que vous ne reconnaissez pas.',
        ],
      },
      {
        heading: '3. Secret professionnel et confidentialité',
        paragraphs: [
          'Les dossiers contiennent des données de santé couvertes par le secret professionnel. Les professionnels n’y accèdent que pour les personnes qu’ils accompagnent ou dont la demande est adressée à leur établissement, et uniquement dans la mesure nécessaire à leur mission.',
          'La partie médicale n’est lisible que par les médecins habilités : ni la personne, ni ses proches référents ne la voient sur Parcours ; le médecin traitant peut leur communiquer le GIR. Chaque consultation d’un dossier et chaque événement de sécurité sont tracés et peuvent être contrôlés.',
        ],
      },
      {
        heading: '4. Espace particulier',
        paragraphs: [
          'Vous pouvez déposer une demande pour vous-même ou pour un proche, avec son accord ou en vertu d’une mesure de protection. Vous remplissez la partie administrative avec des informations exactes, et désignez le médecin traitant qui complétera la partie médicale.',
          'Les proches que vous invitez comme référents voient la même chose que vous. Une demande dont l’adresse e-mail n’est pas confirmée dans les 4 jours est annulée.',
        ],
      },
      {
        heading: '5. Données personnelles',
        paragraphs: [
          'Les données sont traitées pour organiser les admissions et orientations, conformément au règlement général sur la protection des données. Elles sont hébergées par un hébergeur certifié pour les données de santé, et effacées ou rendues anonymes à l’issue de leur durée de conservation.',
          'La personne concernée est informée de la transmission de sa demande. Elle peut exercer ses droits d’accès, de rectification et d’opposition auprès du responsable de traitement.',
        ],
      },
      {
        heading: '6. Engagements et évolution des conditions',
        paragraphs: [
          'Vous saisissez des informations exactes et à jour ; les établissements répondent aux demandes reçues dans les délais prévus. Un usage contraire à ces conditions peut entraîner la suspension du compte.',
          'Ces conditions peuvent évoluer : une nouvelle version doit être acceptée avant de poursuivre l’utilisation du service.',
        ],
      },
    ],
  },
];

export function currentCgu(): CguVersion {
  const current = cguVersions[cguVersions.length - 1];
  if (!current) throw new Error('aucune version des CGU');
  return current;
}
