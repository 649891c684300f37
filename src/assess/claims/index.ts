/**
 * The claims registry: one evaluator per claim id, each in its own file. Adding a claim is one new file and one line
 * here (and its id in types.ts).
 */
import { CLAIM_IDS, type Claim, type ClaimId } from '../types.js';
import type { AssessInput } from '../input.js';
import { createClaimContext, type ClaimEvaluator } from './context.js';
import { preConsentCollection } from './pre-consent.js';
import { identifierAssignedBeforeSignup } from './id-before-signup.js';
import { unpostedMediaUpload } from './unposted-media.js';
import { biometricCollection } from './biometric.js';
import { controllerInCountryOfConcern, transferToCountryOfConcern } from './country-of-concern.js';
import { thirdPartySdkCollection } from './third-party.js';
import { backgroundCollection } from './background.js';
import { dataAfterDecline } from './after-decline.js';

const EVALUATORS: Record<ClaimId, ClaimEvaluator> = {
  'pre-consent-collection': preConsentCollection,
  'identifier-assigned-before-signup': identifierAssignedBeforeSignup,
  'unposted-media-upload': unpostedMediaUpload,
  'biometric-collection': biometricCollection,
  'transfer-to-country-of-concern': transferToCountryOfConcern,
  'controller-in-country-of-concern': controllerInCountryOfConcern,
  'third-party-sdk-collection': thirdPartySdkCollection,
  'background-collection': backgroundCollection,
  'data-after-decline': dataAfterDecline,
};

/** Evaluates every claim, in the order of CLAIM_IDS. */
export function assessClaims(input: AssessInput): Claim[] {
  const ctx = createClaimContext(input);
  return CLAIM_IDS.map((id) => EVALUATORS[id](ctx));
}
