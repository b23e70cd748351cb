import { profileSchema } from '../people.js';
import { roleIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/**
 * Profiles (services/profiles, the admin bootstrap): each change lands in the profile's own history, an audit
 * trail of who may act in the programme. Delivered nowhere.
 */
export const profileCreated = /* @__PURE__ */ eventData(() =>
  z.object({
    role: z.enum(roleIds),
    profile: profileSchema,
    /** The first API key issued with the profile (its id; the key itself is never in an event). */
    keyId: z.string().check(z.minLength(1)),
  }),
);

/** Each changed field with its value before and after. */
export const profileUpdated = /* @__PURE__ */ eventData(() =>
  z.object({
    role: z.enum(roleIds),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  }),
);

export const profileDeactivated = /* @__PURE__ */ eventData(() =>
  z.object({
    role: z.enum(roleIds),
    reason: z.string().check(z.minLength(1)),
    revokedKeyIds: z.array(z.string()),
  }),
);
