import { loadPlatformsConfig } from '@wuhan/domain';
import platformsFile from '../../config/platforms.json' with { type: 'json' };
import type { ConfiguredPlatform } from './build-profile.js';

let parsed: readonly ConfiguredPlatform[] | undefined;

/**
 * The platforms the configuration declares (config/platforms.json), parsed with the same schema as the topology's
 * `platforms`, but on first use rather than when the function loads (issue 13, cold start: the parse was ≈ 2 ms
 * of profiles' init, and only creating or updating a platform profile reads it). Parsing late loses nothing: the
 * CDK app parses this very file when it synthesises the stack, so a deployed function never carries a bad one.
 */
export function configuredPlatforms(): readonly ConfiguredPlatform[] {
  parsed ??= loadPlatformsConfig(platformsFile);
  return parsed;
}
