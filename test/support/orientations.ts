import type { NewPcoOrientation } from '../../domain/pco/orientation-state.ts';
import { demo } from './platform.ts';

/**
 * A 3-year-old's orientation to the Rhône 0–6 PCO by the demo physician, as the API starts it once
 * its checks pass (signs in two domains, the mother's consent); `child` overrides the child's identity.
 */
export function orientationInput(
  caseId: string,
  platformId: string,
  child: Partial<NewPcoOrientation['child']> = {},
): NewPcoOrientation {
  return {
    caseId,
    requesterId: demo.physician,
    platformId,
    ageRange: '0-6',
    child: { lastName: 'Petit', firstName: 'Léo', birthDate: '2023-05-10', sex: 'male', departement: '69', ...child },
    family: {
      contactName: 'Anne Petit',
      relationship: 'Mère',
      email: 'anne.petit@example.fr',
      consentGivenAt: new Date().toISOString(),
    },
    screening: {
      gridVersion: '2020-1',
      bracketId: '3y',
      checkedItems: ['3y-la-1', '3y-so-1'],
      generalSigns: [],
      domainsWithSigns: ['language', 'socialisation'],
      regression: false,
      parentalConcern: false,
      atypicalBehaviour: false,
      suggestsOrientation: true,
      reasons: [],
    },
  };
}
