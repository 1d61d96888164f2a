import { createMasker, maskChange, maskEmail, maskName } from '../../../src/core/redact';

describe('masking', () => {
  const mask = createMasker('a key of this run, long enough');

  it('keeps two different emails with the same first letter and domain apart', () => {
    const [a, b] = [mask.email('bo@example.com'), mask.email('bea@example.com')];
    expect(a).toMatch(/^b\*\*\*@example\.com#[0-9a-f]{6}$/);
    expect(b).toMatch(/^b\*\*\*@example\.com#[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });

  it('shows that a last name changed although both start with the same letter', () => {
    expect(mask.name('Pereira')).not.toBe(mask.name('Pires'));
    expect(mask.name('Pereira')).toMatch(/^P\*\*\*#[0-9a-f]{6}$/);
  });

  it('gives the same mask to the same value under one key, ignoring the case of an email', () => {
    const tag = (masked: string | undefined): string | undefined => masked?.split('#')[1];
    expect(tag(mask.email('Ana@Example.com'))).toBe(tag(mask.email('ana@example.com')));
    expect(mask.name('Ana')).toBe(mask.name('Ana'));
  });

  it('never prints the value, and another key gives another hash', () => {
    const masked = mask.email('jane.doe@example.com') as string;
    expect(masked).not.toContain('jane.doe');
    expect(createMasker('another key, of another run').email('jane.doe@example.com')).not.toBe(masked);
  });

  it('masks the personal fields of a change and leaves the others', () => {
    expect(mask.change({ username: 'x@example.com', firstName: 'Xi', securityGroupIds: ['SG1'] })).toEqual({
      username: expect.stringMatching(/^x\*\*\*@example\.com#/),
      firstName: expect.stringMatching(/^X\*\*\*#/),
      securityGroupIds: ['SG1'],
    });
    expect(maskChange({ lastName: 'Lima' })).toEqual({ lastName: expect.stringMatching(/^L\*\*\*#[0-9a-f]{6}$/) });
  });

  it('keeps undefined and empty values as they are', () => {
    expect(maskEmail(undefined)).toBeUndefined();
    expect(maskName('')).toBe('');
  });
});
