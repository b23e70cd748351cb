import * as z from '../zod.js';
import { eventData } from './definition.js';

/**
 * Subsidy claims (§二(五), §二(七), §二(八), §二(一); services/subsidy). Every event's subject is the claim
 * (`{ kind: 'subsidy_claim', id }`), so its history is kept next to the claim. `fundManagerId` names the fund
 * manager a claim is for (notification emails it the decision); `projectId` is present where the claim names one.
 */
const id = /* @__PURE__ */ eventData(() => z.string().check(z.minLength(1)));
const fen = /* @__PURE__ */ eventData(() => z.number().check(z.int(), z.gte(0)));
const subsidyType = /* @__PURE__ */ eventData(() => z.string().check(z.minLength(1)));

const claimRef = /* @__PURE__ */ eventData(() => ({
  claimId: id,
  subsidyType,
  fundManagerId: z.optional(id),
  projectId: z.optional(id),
}));

/** A claim was filed (202): the subsidy consumer assesses it and reserves its award against the caps. */
export const subsidyClaimReceived = /* @__PURE__ */ eventData(() =>
  z.object({
    ...claimRef,
    assessOn: z.iso.date(),
  }),
);

/** The claim was assessed and its award reserved against every cap it touches; it awaits staff's approval. */
export const subsidyComputed = /* @__PURE__ */ eventData(() =>
  z.object({
    ...claimRef,
    awardFen: fen,
    /** Reason codes (e.g. `cap_used_up` when a cap left nothing); the claim's page has the full trace. */
    reasonCodes: z.array(z.string()),
  }),
);

/** The claim was assessed and is not eligible: nothing reserved; the reasons say why. */
export const subsidyIneligible = /* @__PURE__ */ eventData(() =>
  z.object({
    ...claimRef,
    reasonCodes: z.array(z.string()).check(z.minLength(1)),
    /** Who filed the claim (a fund manager for itself, or a staff member): notification emails them the outcome. */
    filedBy: z.optional(z.object({ role: z.enum(['fund_manager', 'staff']), id })),
    /** The reasons in both languages, as on the claim's page, so the email can say why. */
    reasons: z.optional(
      z.array(z.object({ code: z.string(), clause: z.string(), zh: z.string(), en: z.string() })),
    ),
  }),
);

/** Staff approved the reserved award. */
export const subsidyApproved = /* @__PURE__ */ eventData(() =>
  z.object({
    ...claimRef,
    awardFen: fen,
    reason: z.string().check(z.minLength(1)),
  }),
);

/** Staff rejected the claim: its reservation was released from every cap in the same transaction. */
export const subsidyRejected = /* @__PURE__ */ eventData(() =>
  z.object({
    ...claimRef,
    awardFen: fen,
    reason: z.string().check(z.minLength(1)),
  }),
);

/** A cap's usage crossed 80 % (`cap_warning`) or reached 100 % (`cap_reached`) with this claim's reservation. */
const capCrossed = /* @__PURE__ */ eventData(() =>
  z.object({
    claimId: id,
    capKey: id,
    clause: z.string(),
    limitFen: fen,
    usedBeforeFen: fen,
    usedAfterFen: fen,
    fundManagerId: z.optional(id),
  }),
);
export const subsidyCapWarning = capCrossed;
export const subsidyCapReached = capCrossed;
