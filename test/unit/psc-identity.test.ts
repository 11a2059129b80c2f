import { describe, expect, it } from 'vitest';
import { physicianDisplayName, readPscIdentity } from '../../domain/identity/psc-identity.ts';

describe('the identity in Pro Santé Connect’s userinfo', () => {
  const claims = { given_name: 'HÉLÈNE', family_name: 'LE GALL-DUPRÉ' };

  it('reads the RPPS from the national identifier "8" + RPPS, or from otherIds', () => {
    expect(readPscIdentity({ ...claims, SubjectNameID: '810000012343' })).toEqual({
      ok: true,
      identity: { rpps: '10000012343', givenName: 'HÉLÈNE', familyName: 'LE GALL-DUPRÉ' },
    });
    expect(readPscIdentity({ ...claims, preferred_username: '810000056787' })).toMatchObject({ ok: true });
    expect(
      readPscIdentity({ ...claims, otherIds: [{ identifiant: '10000012343', origine: 'RPPS', qualite: 1 }] }),
    ).toMatchObject({ ok: true, identity: { rpps: '10000012343' } });
  });

  it('refuses a wrong check digit, a non-RPPS identifier and missing names', () => {
    expect(readPscIdentity({ ...claims, SubjectNameID: '810000012344' })).toEqual({
      ok: false,
      reason: 'psc_invalid_rpps',
    });
    expect(readPscIdentity({ ...claims, SubjectNameID: '0012345678' })).toMatchObject({ ok: false });
    expect(readPscIdentity({ SubjectNameID: '810000012343' })).toEqual({ ok: false, reason: 'psc_claims' });
  });

  it('names the physician in usual case', () => {
    expect(physicianDisplayName({ givenName: 'HÉLÈNE', familyName: 'LE GALL-DUPRÉ' })).toBe('Dr Hélène Le Gall-Dupré');
    expect(physicianDisplayName({ givenName: 'Jean', familyName: 'd’Arc' })).toBe('Dr Jean d’Arc');
  });
});
