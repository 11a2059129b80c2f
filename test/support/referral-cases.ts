import type { z } from 'zod';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import type { referralCommands } from '../../domain/referral/commands.ts';
import type { DraftDossier } from '../../domain/referral/dossier.ts';
import type { PatientIdentity } from '../../domain/referral/patient.ts';
import { completeDossier } from './dossiers.ts';
import { demo, demoFiness, type TestPlatform } from './platform.ts';

/** A demo facility of the seed, by its short name. */
export type DemoFacility = keyof typeof demoFiness;

/** The seeded member of each demo facility: the one who answers its requests. */
const memberOf: Record<DemoFacility, string> = {
  berthet: demo.berthetMember,
  elisabeth: demo.elisabethMember,
  sixieme: demo.sixiemeMember,
  revel: demo.revelMember,
};

/** A facility's answer to its request, as its member gives it through the API. */
type Payload<K extends 'accept' | 'refuse'> = z.input<(typeof referralCommands)[K]['payload']>;
export type FacilityAnswer = { accept: Payload<'accept'> } | { refuse: Payload<'refuse'> };

export interface ReferralCaseOptions<F extends DemoFacility = DemoFacility> {
  /** The pathway of the case (default `ehpad`): its dossier is complete for it. */
  kind?: FacilityKind;
  /** The demo facilities asked, in this order (the first wave). */
  facilities: readonly F[];
  /** Overrides of a default patient; `departement` defaults to the Rhône when a coordinator is asked for. */
  patient?: Partial<PatientIdentity>;
  dossier?: DraftDossier;
  /** Sent at once (default) or kept as a draft. */
  send?: boolean;
  /** Who asks (default the demo physician). */
  requester?: string;
  /** Each facility's answer, given in the order of `facilities` once the case is created. */
  answers?: { readonly [K in F]?: FacilityAnswer };
  /** Adds the coordinator of the case's territory (the Rhône) to the result. */
  coordinator?: boolean;
}

/** A person of the case with a real session: `cookie` opens it. */
export interface CaseActor {
  id: string;
  cookie: string;
}

export interface CaseFacility {
  id: string;
  /** The facility's request (task) in this case. */
  taskId: string;
  member: CaseActor;
}

/** What the factory gives back: its fields follow the options asked for. */
export type ReferralCase<O extends ReferralCaseOptions> = {
  id: string;
  /** The API's answer to the creation, as a test asserting on it would have read it. */
  created: { status: number; body: ReferralDetail };
  requester: CaseActor;
  facilities: { [K in O['facilities'][number]]: CaseFacility };
} & (O['answers'] extends object ? { answered: ReferralDetail } : unknown) &
  (O['coordinator'] extends true ? { coordinator: CaseActor } : unknown);

let patients = 0;

/**
 * Builds a case the way a physician does: through the API, so the workflow runs and the read
 * model is the platform's own (nothing written by hand). Needs a running worker (`temporal`).
 */
export async function createReferralCase<const O extends ReferralCaseOptions>(
  platform: Pick<TestPlatform, 'api' | 'cookieOf' | 'facilityId'>,
  options: O,
): Promise<ReferralCase<O>> {
  const kind = options.kind ?? 'ehpad';
  const requesterId = options.requester ?? demo.physician;
  const ids = await Promise.all(options.facilities.map((name) => platform.facilityId(demoFiness[name])));
  patients += 1;
  const patient: PatientIdentity = {
    lastName: 'Fabrique',
    firstName: `Cas${patients}`,
    birthDate: '1937-06-15',
    sex: 'female',
    ...(options.coordinator ? { departement: '69' } : {}),
    ...options.patient,
  };
  const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
    as: requesterId,
    body: {
      kind,
      patient,
      dossier: options.dossier ?? completeDossier(kind),
      // A factory case is never a duplicate the requester should be warned of.
      confirmNotDuplicate: true,
      facilityIds: ids,
      ...(options.send === false ? { send: false } : {}),
    },
  });
  if (created.status !== 201) throw new Error(`case not created: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const facilities: Record<string, CaseFacility> = {};
  for (const [index, name] of options.facilities.entries()) {
    const facilityId = ids[index] ?? '';
    const task = created.body.tasks.find((candidate) => candidate.facility.id === facilityId);
    if (!task) throw new Error(`no request for ${name} in the new case`);
    const memberId = memberOf[name];
    facilities[name] = {
      id: facilityId,
      taskId: task.id,
      member: { id: memberId, cookie: await platform.cookieOf(memberId) },
    };
  }
  const result: Record<string, unknown> = {
    id,
    created,
    requester: { id: requesterId, cookie: await platform.cookieOf(requesterId) },
    facilities,
  };
  if (options.answers) {
    let answered = created.body;
    for (const name of options.facilities) {
      const answer = options.answers[name];
      const facility = facilities[name];
      if (!answer || !facility) continue;
      const [verb, body] = 'accept' in answer ? ['accept', answer.accept] : ['refuse', answer.refuse];
      const response = await platform.api<ReferralDetail>(
        'POST',
        `/api/referrals/${id}/tasks/${facility.taskId}/${verb}`,
        {
          as: facility.member.id,
          body,
        },
      );
      if (response.status !== 200) throw new Error(`${name} could not ${verb}: ${JSON.stringify(response.body)}`);
      answered = response.body;
    }
    result.answered = answered;
  }
  if (options.coordinator) {
    result.coordinator = { id: demo.coordinatorRhone, cookie: await platform.cookieOf(demo.coordinatorRhone) };
  }
  return result as ReferralCase<O>;
}
