import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../errors.js';
import { holdsCapacity, offerChange } from './offer.js';

describe('a platform offer, an entity of its own', () => {
  it('moves the project only when accepted, and back to qualified when an accepted match is released', () => {
    expect(offerChange('offered', 'accepted')).toBe('match_accepted');
    expect(offerChange('accepted', 'released')).toBe('match_released');
  });

  it('leaves the project qualified when declined or expired, so the next platform can be offered it', () => {
    expect(offerChange('offered', 'declined')).toBe('none');
    expect(offerChange('offered', 'expired')).toBe('none');
  });

  it('refuses a second answer and any answer to an expired offer (409)', () => {
    expect(() => offerChange('declined', 'accepted')).toThrow(InvalidTransitionError);
    expect(() => offerChange('expired', 'accepted')).toThrow(InvalidTransitionError);
    expect(() => offerChange('accepted', 'declined')).toThrow(InvalidTransitionError);
  });

  it('holds a capacity slot while waiting or accepted, not after', () => {
    expect(
      ['offered', 'accepted', 'declined', 'expired', 'released'].filter((s) => holdsCapacity(s as never)),
    ).toEqual(['offered', 'accepted']);
  });
});
