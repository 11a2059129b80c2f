import type { FacilityKind } from '../domain/facility-kinds.ts';

/**
 * A few real facilities of the Rhône (69) from the FINESS extract in shared/data, so the demo
 * shows true names; HAD has no row there yet, so its facility is invented and flagged as demo.
 */
export interface SeedFacility {
  finess: string | null;
  name: string;
  kind: FacilityKind;
  departement: string;
  commune: string;
  phone: string | null;
  isDemo: boolean;
}

export const seedFacilities: SeedFacility[] = [
  {
    finess: '690003777',
    name: 'EHPAD SERGENT BERTHET',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    phone: '0472533700',
    isDemo: false,
  },
  {
    finess: '690003983',
    name: 'RESIDENCE SAINTE ELISABETH',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    phone: '0478765600',
    isDemo: false,
  },
  {
    finess: '690006937',
    name: 'EHPAD LE 6EME',
    kind: 'ehpad',
    departement: '69',
    commune: 'Lyon',
    phone: '0437242626',
    isDemo: false,
  },
  {
    finess: '690006887',
    name: 'USLD HOPITAL DE FOURVIERE',
    kind: 'usld',
    departement: '69',
    commune: 'Lyon',
    phone: '0472573000',
    isDemo: false,
  },
  {
    finess: '690001524',
    name: 'CTRE DE RÉADAPT FONCTIONNELLE REVEL',
    kind: 'smr',
    departement: '69',
    commune: 'Chabanière',
    phone: '0478815757',
    isDemo: false,
  },
  {
    finess: null,
    name: 'HAD Démo Lyon Métropole',
    kind: 'had',
    departement: '69',
    commune: 'Lyon',
    phone: null,
    isDemo: true,
  },
];

export interface SeedUser {
  id: string;
  role: 'physician' | 'facility_member' | 'coordinator' | 'admin';
  displayName: string;
  email: string;
  rpps?: string;
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
    facility: { finess: '690003777', name: 'EHPAD SERGENT BERTHET', role: 'doctor' },
  },
  {
    id: '00000000-0000-4000-8000-000000000021',
    role: 'coordinator',
    displayName: 'Julie Fabre (coordination Rhône)',
    email: 'coordination.rhone@demo.parcours.local',
  },
];
