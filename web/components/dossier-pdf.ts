import PDFDocument from 'pdfkit';
import type { DossierView, ReferralDetail } from '../../api/referrals/views.ts';
import { pathwayOf } from '../../domain/directory/facility-kinds.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import {
  type AggirCode,
  discriminantVariableLabels,
  discriminantVariables,
  type Gir,
  girMeanings,
  illustrativeVariableLabels,
  illustrativeVariables,
  subVariableLabels,
  subVariables,
} from '../../domain/referral/aggir.ts';
import {
  aidStatuses,
  computeDossierGir,
  type DossierPart,
  type DraftDossier,
  financialAidLabels,
  legalProtectionMeasures,
  urgencies,
} from '../../domain/referral/dossier.ts';
import { sexLabels } from '../../domain/referral/patient.ts';
import { formatCalendarDate, formatDateTime } from './dates.ts';
import { isComposite, medicalTextLabels, valueAt } from './dossier-form.ts';

/**
 * The dossier printed as a PDF, laid out in the sections of the national admission dossier
 * (Cerfa n° 14732*03): the administrative part, the autonomy part (AGGIR grid and GIR, grand âge)
 * and, for physicians only, the medical part. What is printed is what the read model served to
 * this person (`loadDossier`, which journals the read): a part they may not read is not in `content`
 * and has no section at all.
 */
export interface DossierPdfInput {
  referral: ReferralDetail;
  dossier: DossierView;
  printedAt: Date;
  /** Uncompressed streams (tests read the text); compressed by default. */
  compress?: boolean;
}

const notGiven = 'Non renseigné';
const margin = 50;
const blue = '#000091';
const grey = '#666666';

/** The parts a PDF of this case includes for this person, in the dossier's order. */
export function printedParts(
  referral: Pick<ReferralDetail, 'kind'>,
  dossier: Pick<DossierView, 'parts'>,
): DossierPart[] {
  const grandAge = pathwayOf(referral.kind) === 'grand_age';
  return dossier.parts
    .filter((part) => part.visible && (part.part !== 'autonomy' || grandAge))
    .map((part) => part.part);
}

export function renderDossierPdf(input: DossierPdfInput): Promise<Buffer> {
  const { referral, dossier } = input;
  const content = dossier.content as DraftDossier;
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    compress: input.compress ?? true,
    // No personal data in the document's metadata: a file list or a viewer's title bar shows it.
    info: { Title: `Dossier de demande d’admission — ${caseReference(referral.id)}`, Creator: 'Parcours' },
    lang: 'fr-FR',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * margin;
  const parts = printedParts(referral, dossier);
  const versionOf = (part: DossierPart) => dossier.parts.find((candidate) => candidate.part === part)?.version ?? 0;
  const at = (path: string) => valueAt(content, path);

  // ── Title block ──
  doc.font('Helvetica-Bold').fontSize(16).fillColor(blue).text('Dossier de demande d’admission', { width });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(grey)
    .text(
      pathwayOf(referral.kind) === 'grand_age'
        ? 'Établi sur le modèle du dossier national de demande d’admission en établissement d’hébergement pour personnes âgées (Cerfa n° 14732*03).'
        : 'Établi sur le modèle du dossier national de demande d’admission (volets administratif et médical).',
      { width },
    );
  doc.moveDown(0.5);
  doc.fillColor('black').fontSize(10);
  line(doc, 'Référence', caseReference(referral.id));
  line(doc, 'Type de demande', referral.kindLabel);
  line(doc, 'Demandeur', referral.requester.displayName);
  line(
    doc,
    'Version du dossier',
    dossier.version > 0
      ? `${dossier.version}${dossier.createdAt ? `, enregistrée le ${formatDateTime(dossier.createdAt)}` : ''}`
      : 'aucune version enregistrée',
  );
  line(doc, 'Imprimé le', formatDateTime(input.printedAt.toISOString()));
  doc.moveDown(0.3);
  doc
    .font('Helvetica-Oblique')
    .fontSize(9)
    .fillColor(grey)
    .text(
      'Document confidentiel : il contient des données personnelles. Ne le transmettez qu’aux personnes qui ont à en connaître.',
      { width },
    );

  // ── Administrative part ──
  heading(doc, `Volet administratif (version ${versionOf('administrative')})`, width);
  subheading(doc, 'État civil de la personne concernée', width);
  const lastName = text(at('administrative.identity.lastName')) ?? referral.patient.lastName;
  const firstName = text(at('administrative.identity.firstName')) ?? referral.patient.firstName;
  line(doc, 'Nom', lastName.toUpperCase());
  line(doc, 'Nom de naissance', text(at('administrative.identity.birthName')));
  line(doc, 'Prénom', firstName);
  const birthDate = text(at('administrative.identity.birthDate')) ?? referral.patient.birthDate;
  line(doc, 'Date de naissance', birthDate ? formatCalendarDate(birthDate) : undefined);
  line(doc, 'Sexe', labelOf(sexLabels, at('administrative.identity.sex') ?? referral.patient.sex));

  subheading(doc, 'Coordonnées de la personne concernée', width);
  line(doc, 'Adresse', text(at('administrative.address.street')));
  line(
    doc,
    'Code postal et commune',
    [text(at('administrative.address.postcode')), text(at('administrative.address.commune'))]
      .filter(Boolean)
      .join(' ') || undefined,
  );
  line(doc, 'Département', text(at('administrative.address.departement')));

  subheading(doc, 'Personne à contacter', width);
  line(doc, 'Nom', text(at('administrative.contactPerson.name')));
  line(doc, 'Lien avec la personne', text(at('administrative.contactPerson.relationship')));
  line(doc, 'Téléphone', formatPhoneNumber(text(at('administrative.contactPerson.phone'))) || undefined);
  line(doc, 'Adresse e-mail', text(at('administrative.contactPerson.email')));

  subheading(doc, 'Mesure de protection juridique', width);
  line(doc, 'Mesure', labelOf(legalProtectionMeasures, at('administrative.legalProtection.measure')));
  line(doc, 'Personne chargée de la mesure', text(at('administrative.legalProtection.protectorName')));

  subheading(doc, 'Demande', width);
  const desired = text(at('administrative.desiredEntryDate'));
  line(doc, 'Date d’entrée souhaitée', desired ? formatCalendarDate(desired) : undefined);
  if (pathwayOf(referral.kind) === 'grand_age') {
    subheading(doc, 'Aspects financiers', width);
    for (const [aid, label] of Object.entries(financialAidLabels)) {
      line(doc, label, labelOf(aidStatuses, at(`administrative.financialAids.${aid}`)));
    }
  }

  // ── Autonomy part ──
  if (parts.includes('autonomy')) {
    heading(doc, `Volet autonomie — grille AGGIR (version ${versionOf('autonomy')})`, width);
    const result = computeDossierGir(content);
    if (result) {
      doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(`GIR ${result.gir}`, { width });
      const meaning = girMeanings[result.gir as Gir];
      doc.font('Helvetica').fontSize(9).fillColor(grey).text(`${meaning} (calculé à partir de la grille)`, { width });
    } else {
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor('black')
        .text('Grille incomplète : le GIR est calculé une fois toutes les variables discriminantes cotées.', {
          width,
        });
    }
    doc.moveDown(0.3);
    const code = (path: string) => text(valueAt(content, `autonomy.aggir.${path}`)) as AggirCode | undefined;
    subheading(doc, 'Variables discriminantes', width);
    for (const variable of discriminantVariables) {
      const label = discriminantVariableLabels[variable];
      if (!isComposite(variable)) {
        gridRow(doc, label, code(`discriminant.${variable}`), width);
        continue;
      }
      const labels: Record<string, string> = subVariableLabels[variable];
      for (const sub of subVariables[variable]) {
        gridRow(doc, `${label} — ${labels[sub] ?? sub}`, code(`discriminant.${variable}.${sub}`), width);
      }
    }
    const illustrative = illustrativeVariables.filter((variable) => code(`illustrative.${variable}`));
    if (illustrative.length > 0) {
      subheading(doc, 'Variables illustratives (hors calcul du GIR)', width);
      for (const variable of illustrative) {
        gridRow(doc, illustrativeVariableLabels[variable], code(`illustrative.${variable}`), width);
      }
    }
    doc
      .font('Helvetica-Oblique')
      .fontSize(8)
      .fillColor(grey)
      .text('A : fait seul, totalement, habituellement et correctement · B : fait partiellement · C : ne fait pas.', {
        width,
      });
  }

  // ── Medical part: only in the PDF of whoever may read it ──
  if (parts.includes('medical')) {
    heading(doc, `Volet médical (version ${versionOf('medical')})`, width);
    doc
      .font('Helvetica-Oblique')
      .fontSize(9)
      .fillColor(grey)
      .text('Données de santé : à transmettre sous pli confidentiel au médecin coordonnateur.', { width });
    subheading(doc, 'Renseignements médicaux', width);
    for (const [path, label] of Object.entries(medicalTextLabels)) paragraph(doc, label, text(at(path)), width);
    if (pathwayOf(referral.kind) !== 'grand_age') {
      subheading(doc, 'Volet clinique', width);
      paragraph(doc, 'Motif clinique de la demande', text(at('medical.clinical.clinicalReason')), width);
      paragraph(doc, 'Soins attendus', text(at('medical.clinical.expectedCare')), width);
      line(doc, 'Degré d’urgence', labelOf(urgencies, at('medical.clinical.urgency')));
      const days = text(at('medical.clinical.expectedLengthOfStayDays'));
      line(doc, 'Durée de séjour prévue', days ? `${days} jours` : undefined);
    }
  } else {
    doc.moveDown(1);
    doc
      .font('Helvetica-Oblique')
      .fontSize(9)
      .fillColor(grey)
      .text(
        'Les données de santé de ce dossier ne figurent pas dans ce document : elles sont réservées au médecin demandeur et au médecin coordonnateur de l’établissement.',
        { width },
      );
  }

  // ── Footer on every page ──
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.height - margin + 15;
    // Writing below the bottom margin must not open a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(grey)
      .text(`${caseReference(referral.id)} — confidentiel — page ${index + 1} sur ${range.count}`, margin, bottom, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, title: string, width: number): void {
  doc.moveDown(1);
  if (doc.y > doc.page.height - 150) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).fillColor(blue).text(title, margin, doc.y, { width });
  const y = doc.y + 2;
  doc
    .moveTo(margin, y)
    .lineTo(margin + width, y)
    .lineWidth(1)
    .strokeColor(blue)
    .stroke();
  doc.moveDown(0.5);
}

function subheading(doc: PDFKit.PDFDocument, title: string, width: number): void {
  doc.moveDown(0.4);
  if (doc.y > doc.page.height - 110) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor('black').text(title, margin, doc.y, { width });
  doc.moveDown(0.2);
}

/** A label and its value on one line (the value wraps under itself). */
function line(doc: PDFKit.PDFDocument, label: string, value: string | undefined): void {
  const width = doc.page.width - 2 * margin;
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('black')
    .text(`${label} : `, margin, doc.y, { continued: true, width })
    .font('Helvetica')
    .fillColor(value ? 'black' : grey)
    .text(value ?? notGiven);
}

/** A label above a free text. */
function paragraph(doc: PDFKit.PDFDocument, label: string, value: string | undefined, width: number): void {
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(label, margin, doc.y, { width });
  doc
    .font('Helvetica')
    .fillColor(value ? 'black' : grey)
    .text(value ?? notGiven, { width });
  doc.moveDown(0.3);
}

/** One row of the AGGIR grid: the variable, then its code in a column of its own. */
function gridRow(doc: PDFKit.PDFDocument, label: string, code: AggirCode | undefined, width: number): void {
  if (doc.y > doc.page.height - margin - 20) doc.addPage();
  const y = doc.y;
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('black')
    .text(label, margin, y, { width: width - 60 });
  const after = doc.y;
  doc.font('Helvetica-Bold').text(code ?? '—', margin + width - 50, y, { width: 50, align: 'center' });
  doc.y = Math.max(after, doc.y);
  doc
    .moveTo(margin, doc.y + 1)
    .lineTo(margin + width, doc.y + 1)
    .lineWidth(0.3)
    .strokeColor('#cccccc')
    .stroke();
  doc.y += 3;
  doc.x = margin;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function labelOf(labels: Record<string, string>, value: unknown): string | undefined {
  const key = text(value);
  return key === undefined ? undefined : (labels[key] ?? key);
}
