// Unit specs for the UUID check used for every id.
import { isUuid } from './ids';

describe('isUuid', () => {
  it.each(['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '3F2504E0-4F89-11D3-9A0C-0305E82C3301', '3F2504e0-4f89-11D3-9a0c-0305E82c3301', '00000000-0000-0000-0000-000000000000'])(
    'accepts %p',
    (value) => {
      expect(isUuid(value)).toBe(true);
    },
  );

  it.each([
    ['3f2504e0-4f89-11d3-9a0c-0305e82c330', 'one character short'],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c33011', 'one character extra'],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301\n', 'trailing newline'],
    [' 3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'leading space'],
    ['{3f2504e0-4f89-11d3-9a0c-0305e82c3301}', 'braces'],
    ['3f2504e04f8911d39a0c0305e82c3301', 'no hyphens'],
    ['3f2504g0-4f89-11d3-9a0c-0305e82c3301', 'non-hex character'],
    ['', 'empty string'],
  ])('refuses %p (%s)', (value) => {
    expect(isUuid(value)).toBe(false);
  });

  it.each([[42], [null], [undefined], [{}], [['3f2504e0-4f89-11d3-9a0c-0305e82c3301']]])('refuses the non-string %p', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});
