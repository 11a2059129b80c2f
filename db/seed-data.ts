import type { FacilityKind } from '../domain/directory/facility-kinds.ts';
import type { AccommodationType } from '../domain/directory/facility-offer.ts';

/**
 * A few real facilities of the Rhône (69) from the FINESS extract in shared/data, so the demo
 * shows true names even before (or without) the national import, which then completes them by
 * FINESS number. Kinds the shipped extracts have no row for in the Rhône (résidence autonomie,
 * SSIAD, HAD, soins palliatifs) get invented facilities, flagged as demo and shown as such.
 */
export interface SeedFacility {
  finess: string | null;
  name: string;
  kind: FacilityKind;
  departement: string;
  commune: string;
  communeInsee: string;
  /** Real facilities: their FINESS position; demo ones: their commune's centre, slightly apart. */
  lat: number;
  lon: number;
  phone: string | null;
  isDemo: boolean;
  accommodationTypes: AccommodationType[];
}

export const seedFacilities: SeedFacility[] = [
  {
    finess: '690003777',
    name: 'EHPAD SERGENT BERTHET',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.768852,
    lon: 4.802302,
    phone: '0472533700',
    isDemo: false,
    accommodationTypes: ['permanent'],
  },
  {
    finess: '690003983',
    name: 'RESIDENCE SAINTE ELISABETH',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.741497,
    lon: 4.872478,
    phone: '0478765600',
    isDemo: false,
    accommodationTypes: ['permanent'],
  },
  {
    finess: '690006937',
    name: 'EHPAD LE 6EME',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.766759,
    lon: 4.843719,
    phone: '0437242626',
    isDemo: false,
    accommodationTypes: ['permanent'],
  },
  {
    finess: '690006887',
    name: 'USLD HOPITAL DE FOURVIERE',
    kind: 'usld',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.76092,
    lon: 4.82042,
    phone: '0472573000',
    isDemo: false,
    accommodationTypes: ['hospitalisation_complete'],
  },
  {
    finess: '690001524',
    name: 'CTRE DE RÉADAPT FONCTIONNELLE REVEL',
    kind: 'smr',
    departement: '69',
    commune: 'Chabanière',
    communeInsee: '69228',
    lat: 45.58274,
    lon: 4.64141,
    phone: '0478815757',
    isDemo: false,
    accommodationTypes: ['hospitalisation_complete'],
  },
  {
    finess: null,
    name: 'HAD Démo Lyon Métropole',
    kind: 'had',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.758,
    lon: 4.835,
    phone: null,
    isDemo: true,
    accommodationTypes: ['domicile'],
  },
  {
    finess: null,
    name: 'Résidence autonomie Démo Les Tilleuls',
    kind: 'residence_autonomie',
    departement: '69',
    commune: 'Villeurbanne',
    communeInsee: '69266',
    lat: 45.7725,
    lon: 4.8852,
    phone: null,
    isDemo: true,
    accommodationTypes: ['permanent', 'temporaire'],
  },
  {
    finess: null,
    name: 'Résidence autonomie Démo Croix-Rousse',
    kind: 'residence_autonomie',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.7795,
    lon: 4.8305,
    phone: null,
    isDemo: true,
    accommodationTypes: ['permanent'],
  },
  {
    finess: null,
    name: 'SSIAD Démo Lyon Est',
    kind: 'ssiad',
    departement: '69',
    commune: 'Bron',
    communeInsee: '69029',
    lat: 45.7361,
    lon: 4.9102,
    phone: null,
    isDemo: true,
    accommodationTypes: ['domicile'],
  },
  {
    finess: null,
    name: 'SSIAD Démo Vénissieux',
    kind: 'ssiad',
    departement: '69',
    commune: 'Vénissieux',
    communeInsee: '69259',
    lat: 45.7015,
    lon: 4.8812,
    phone: null,
    isDemo: true,
    accommodationTypes: ['domicile'],
  },
  {
    finess: null,
    name: 'Unité de soins palliatifs Démo Lyon Sud',
    kind: 'soins_palliatifs',
    departement: '69',
    commune: 'Lyon',
    communeInsee: '69123',
    lat: 45.7335,
    lon: 4.8395,
    phone: null,
    isDemo: true,
    accommodationTypes: ['hospitalisation_complete'],
  },
  // The Gironde: a second territory for the demo cases, the coordination and the observatory.
  {
    finess: null,
    name: 'EHPAD Démo Les Chartrons',
    kind: 'ehpad',
    departement: '33',
    commune: 'Bordeaux',
    communeInsee: '33063',
    lat: 44.8559,
    lon: -0.57,
    phone: null,
    isDemo: true,
    accommodationTypes: ['permanent'],
  },
  {
    finess: null,
    name: 'EHPAD Démo Pessac Bourgailh',
    kind: 'ehpad',
    departement: '33',
    commune: 'Pessac',
    communeInsee: '33318',
    lat: 44.8063,
    lon: -0.6311,
    phone: null,
    isDemo: true,
    accommodationTypes: ['permanent'],
  },
  {
    finess: null,
    name: 'SMR Démo Bordeaux Bastide',
    kind: 'smr',
    departement: '33',
    commune: 'Bordeaux',
    communeInsee: '33063',
    lat: 44.8433,
    lon: -0.556,
    phone: null,
    isDemo: true,
    accommodationTypes: ['hospitalisation_complete'],
  },
];

export interface SeedUser {
  id: string;
  role: 'physician' | 'facility_member' | 'coordinator' | 'admin' | 'particulier';
  displayName: string;
  email: string;
  rpps?: string;
  /** Physicians: INSEE code of the commune where they practise. */
  practiceCommuneInsee?: string;
  /** Départements a coordinator watches. */
  territories?: string[];
  /** FINESS (or name, for demo facilities) of the facility this member belongs to. */
  facility?: { finess: string | null; name: string; role: 'staff' | 'doctor' | 'manager' };
}

/** Fixed ids so the README and the development identity header can name them. */
export const demoUsers: SeedUser[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    role: 'physician',
    displayName: 'Dr Claire Martin',
    email: 'claire.martin@demo.parcours.local',
    rpps: '10000012343',
    practiceCommuneInsee: '69123',
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    role: 'physician',
    displayName: 'Dr Karim Benali',
    email: 'karim.benali@demo.parcours.local',
    rpps: '10000056787',
  },
  {
    id: '00000000-0000-4000-8000-000000000011',
    role: 'facility_member',
    displayName: 'Sophie Girard (EHPAD Sergent Berthet)',
    email: 'admissions.berthet@demo.parcours.local',
    facility: { finess: '690003777', name: 'EHPAD SERGENT BERTHET', role: 'manager' },
  },
  {
    id: '00000000-0000-4000-8000-000000000012',
    role: 'facility_member',
    displayName: 'Marc Lefèvre (Résidence Sainte Élisabeth)',
    email: 'admissions.elisabeth@demo.parcours.local',
    facility: { finess: '690003983', name: 'RESIDENCE SAINTE ELISABETH', role: 'manager' },
  },
  {
    id: '00000000-0000-4000-8000-000000000013',
    role: 'facility_member',
    displayName: 'Nadia Roux (EHPAD Le 6ème)',
    email: 'admissions.le6eme@demo.parcours.local',
    facility: { finess: '690006937', name: 'EHPAD LE 6EME', role: 'manager' },
  },
  {
    id: '00000000-0000-4000-8000-000000000014',
    role: 'facility_member',
    displayName: 'Paul Mercier (SMR Revel)',
    email: 'admissions.revel@demo.parcours.local',
    facility: { finess: '690001524', name: 'CTRE DE RÉADAPT FONCTIONNELLE REVEL', role: 'manager' },
  },
  {
    id: '00000000-0000-4000-8000-000000000015',
    role: 'facility_member',
    displayName: 'Dr Hélène Caron (médecin coordonnateur, EHPAD Sergent Berthet)',
    email: 'medecin.berthet@demo.parcours.local',
    rpps: '10000098763',
    facility: { finess: '690003777', name: 'EHPAD SERGENT BERTHET', role: 'doctor' },
  },
  {
    id: '00000000-0000-4000-8000-000000000021',
    role: 'coordinator',
    displayName: 'Julie Fabre (coordination Rhône)',
    email: 'coordination.rhone@demo.parcours.local',
    territories: ['69'],
  },
  {
    id: '00000000-0000-4000-8000-000000000022',
    role: 'coordinator',
    displayName: 'Antoine Lacaze (coordination Gironde)',
    email: 'coordination.gironde@demo.parcours.local',
    territories: ['33'],
  },
  {
    id: '00000000-0000-4000-8000-000000000016',
    role: 'facility_member',
    displayName: 'Isabelle Dupuy (EHPAD Démo Les Chartrons)',
    email: 'chartrons@demo.parcours.local',
    facility: { finess: null, name: 'EHPAD Démo Les Chartrons', role: 'manager' },
  },
  {
    // The espace particulier: a daughter who starts her mother's request (issue 15).
    id: '00000000-0000-4000-8000-000000000051',
    role: 'particulier',
    displayName: 'Anne Lefèvre (espace particulier)',
    email: 'anne.lefevre@demo.parcours.local',
  },
];
