import type { Crumb } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The list a case is opened from, by who opens it: the breadcrumb's step above a case. */
export function caseListCrumb(frame: PageFrame): Crumb {
  switch (frame.actor?.role) {
    case 'facility_member':
      return { label: 'Demandes reçues', href: '/boite-de-reception' };
    case 'coordinator':
      return { label: 'Dossiers en retard', href: '/coordination' };
    case 'admin':
      return { label: 'Dossiers en anomalie', href: '/administration/anomalies' };
    default:
      return { label: 'Mes demandes', href: '/demandes' };
  }
}

/** The list an orientation is opened from: the platform's inbox, or the physician's orientations. */
export function orientationListCrumb(frame: PageFrame): Crumb {
  return frame.actor?.role === 'pco_member'
    ? { label: 'Orientations reçues', href: '/pco/boite-de-reception' }
    : { label: 'Orientations PCO', href: '/pco' };
}

/** The login flow's pages sit under « Connexion ». */
export const loginCrumb: Crumb = { label: 'Connexion', href: '/connexion' };
