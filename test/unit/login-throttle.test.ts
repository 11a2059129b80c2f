import { describe, expect, it } from 'vitest';
import { addressRange, delayAfter } from '../../services/identity/rate-limit.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';

describe('login throttling', () => {
  it('counts an IPv4 address alone and an IPv6 address by its /64, whatever its spelling', () => {
    expect(addressRange('203.0.113.7')).toBe('203.0.113.7');
    expect(addressRange('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressRange('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressRange('2001:0db8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(addressRange('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressRange('::1')).toBe('0:0:0:0::/64');
    expect(addressRange('unknown')).toBe('unknown');
  });

  it('grows the wait after the free failures, doubling up to a ceiling: never a lock', () => {
    const perAddress = defaultAuthSettings.loginFailuresPerAddress;
    const waits = [1, 5, 6, 7, 8, 9, 10, 11, 12, 100].map((failures) => delayAfter(failures, perAddress));
    expect(waits).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
    expect(delayAfter(1000, defaultAuthSettings.loginFailuresPerAccount)).toBe(300);
  });
});
