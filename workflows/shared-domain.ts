import type * as PcoCommands from '../domain/pco/commands.ts';
import type * as ReferralCommands from '../domain/referral/commands.ts';
import type * as ReferralDecisions from '../domain/referral/decide.ts';

/**
 * The domain modules that load zod (`decide` with the dossier's completeness, the command tables'
 * storable checks), loaded by the first workflow of a worker thread that needs them and kept for
 * every workflow after it.
 *
 * Why: in the SDK's reusable V8 context each workflow evaluates its own copy of every module not
 * preloaded, about 1.4 MB of heap and 10 ms for these (zod and the schemas, issue 17), and what is
 * preloaded is deep-frozen, which zod's schemas refuse (they install members on first use). This
 * module is preloaded (app/workflow-bundle.ts) and requires them lazily: they are then neither
 * copied per workflow nor frozen. They are pure (no workflow API, no clock read at load, no state
 * but zod's caches of what it derived from a schema), so which workflow loads them first changes
 * nothing any workflow decides, on replay or not.
 *
 * Only the workflow bundle calls these: webpack resolves the `require`s. The API imports the modules.
 */
export interface ReferralDomain {
  createReferral: typeof ReferralDecisions.createReferral;
  decide: typeof ReferralDecisions.decide;
  unstorableReferralCommand: typeof ReferralCommands.unstorableReferralCommand;
}

export interface PcoDomain {
  unstorablePcoCommand: typeof PcoCommands.unstorablePcoCommand;
}

let referral: ReferralDomain | undefined;
let pco: PcoDomain | undefined;

export function referralDomain(): ReferralDomain {
  if (!referral) {
    const decisions: typeof ReferralDecisions = require('../domain/referral/decide.ts');
    const commands: typeof ReferralCommands = require('../domain/referral/commands.ts');
    referral = {
      createReferral: decisions.createReferral,
      decide: decisions.decide,
      unstorableReferralCommand: commands.unstorableReferralCommand,
    };
  }
  return referral;
}

export function pcoDomain(): PcoDomain {
  if (!pco) {
    const commands: typeof PcoCommands = require('../domain/pco/commands.ts');
    pco = { unstorablePcoCommand: commands.unstorablePcoCommand };
  }
  return pco;
}
