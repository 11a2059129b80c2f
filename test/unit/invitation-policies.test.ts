import { describe, expect, it } from 'vitest';
import {
  canConfirmDoctorGrants,
  doctorGrantStatus,
  doctorGrantStatuses,
  effectiveFacilityRole,
} from '../../domain/identity/doctor-grants.ts';
import { canInvite, canManageInvitation, canManageInvitations } from '../../domain/identity/invitation-policies.ts';
import { departementCodePattern, invitationStatus } from '../../domain/identity/invitations.ts';
import type { Actor } from '../../domain/identity/users.ts';

const person = (role: Actor['role'], facilityRoles: Actor['facilityRoles'] = {}): Actor => ({
  id: 'p',
  role,
  displayName: 'P',
  facilityIds: Object.keys(facilityRoles),
  facilityRoles,
  pcoRoles: {},
  territories: [],
});

describe('who invites whom', () => {
  const admin = person('admin');
  const manager = person('facility_member', { a: 'manager', b: 'staff' });
  it('an administrator invites anyone and manages every invitation', () => {
    expect(canInvite(admin, { role: 'coordinator' })).toBe(true);
    expect(canInvite(admin, { role: 'facility_member', facilityId: 'z' })).toBe(true);
    expect(canManageInvitation(admin, { facilityId: null })).toBe(true);
  });
  it('a manager invites and manages members of the facilities they manage only', () => {
    expect(canInvite(manager, { role: 'facility_member', facilityId: 'a' })).toBe(true);
    expect(canInvite(manager, { role: 'facility_member', facilityId: 'b' })).toBe(false);
    expect(canInvite(manager, { role: 'coordinator' })).toBe(false);
    expect(canManageInvitation(manager, { facilityId: 'a' })).toBe(true);
    expect(canManageInvitation(manager, { facilityId: 'b' })).toBe(false);
    expect(canManageInvitation(manager, { facilityId: null })).toBe(false);
    expect(canManageInvitations(manager)).toBe(true);
  });
  it('other people have no invitations at all', () => {
    for (const actor of [person('physician'), person('coordinator'), person('facility_member', { a: 'doctor' })]) {
      expect(canManageInvitations(actor)).toBe(false);
      expect(canInvite(actor, { role: 'facility_member', facilityId: 'a' })).toBe(false);
    }
  });
});

describe('an invitation’s status', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const later = new Date('2026-03-05T12:00:00Z');
  it('reads acceptance first, then withdrawal, then the expiry', () => {
    expect(invitationStatus({ acceptedAt: null, withdrawnAt: null, expiresAt: later }, now)).toBe('pending');
    expect(invitationStatus({ acceptedAt: now, withdrawnAt: null, expiresAt: later }, now)).toBe('accepted');
    expect(invitationStatus({ acceptedAt: null, withdrawnAt: now, expiresAt: later }, now)).toBe('withdrawn');
    expect(invitationStatus({ acceptedAt: null, withdrawnAt: null, expiresAt: now }, now)).toBe('expired');
  });
  it('knows the départements', () => {
    for (const code of ['01', '13', '2A', '2B', '69', '95', '971', '976']) expect(code).toMatch(departementCodePattern);
    for (const code of ['00', '20', '96', '977', '2C', '6', '690']) expect(code).not.toMatch(departementCodePattern);
  });
});

describe('a facility doctor’s role', () => {
  const confirmedAt = new Date('2026-03-01T12:00:00Z');
  it('takes effect only once confirmed, for an account that carries an RPPS', () => {
    const proposed = { role: 'doctor', confirmedAt: null };
    expect(effectiveFacilityRole(proposed, { rpps: null })).toBeUndefined();
    expect(effectiveFacilityRole(proposed, { rpps: '10000098771' })).toBeUndefined();
    expect(effectiveFacilityRole({ role: 'doctor', confirmedAt }, { rpps: null })).toBeUndefined();
    expect(effectiveFacilityRole({ role: 'doctor', confirmedAt }, { rpps: '10000098771' })).toBe('doctor');
    expect(doctorGrantStatuses[doctorGrantStatus(proposed, { rpps: null })]).toBe('En attente de confirmation');
  });
  it('other roles need no confirmation; an unknown one gives nothing', () => {
    expect(effectiveFacilityRole({ role: 'staff', confirmedAt: null }, { rpps: null })).toBe('staff');
    expect(effectiveFacilityRole({ role: 'manager', confirmedAt: null }, { rpps: null })).toBe('manager');
    expect(effectiveFacilityRole({ role: 'owner', confirmedAt }, { rpps: '10000098771' })).toBeUndefined();
  });
  it('a manager proposes a doctor but only an administrator confirms one', () => {
    expect(canConfirmDoctorGrants(person('admin'))).toBe(true);
    expect(canInvite(person('facility_member', { a: 'manager' }), { role: 'facility_member', facilityId: 'a' })).toBe(
      true,
    );
    for (const actor of [person('facility_member', { a: 'manager' }), person('facility_member', { a: 'doctor' })]) {
      expect(canConfirmDoctorGrants(actor)).toBe(false);
    }
    expect(canConfirmDoctorGrants(person('physician'))).toBe(false);
  });
});
