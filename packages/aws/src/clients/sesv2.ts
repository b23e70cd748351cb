import { SESv2Client } from '@aws-sdk/client-sesv2';

/** The SES v2 client (see ../clients.ts: one per process, created at init). */
export const sesv2 = /* @__PURE__ */ new SESv2Client({});
