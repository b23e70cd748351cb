/**
 * The one way runtime code imports zod: `import * as z from '@wuhan/domain/zod'`. It is zod's tree-shakable
 * API (`zod/mini`, the same validation core as the classic API, without the methods that pull every schema
 * type and the JSON Schema generator into each bundle) with zod's English messages configured. zod/mini loads
 * no locale by itself, so without the `config` call every issue's message would be "Invalid input"; the
 * English messages are the ones the classic API loaded and problem+json answers have always shown. The call
 * sits in the module every schema imports, so no bundle can have a schema without it.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
