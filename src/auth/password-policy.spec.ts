import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts a long passphrase without composition rules', () => {
    expect(passwordProblem('kettle orchard lantern')).toBeNull();
  });

  it('refuses short passwords, whatever their mix of characters', () => {
    expect(passwordProblem('Xy7!pQ2#')).toMatch(/at least 12 characters/);
  });

  it('refuses common passwords even when long enough', () => {
    expect(passwordProblem('password1234')).toMatch(/harder to guess/);
    expect(passwordProblem('qwertyuiop123')).toMatch(/harder to guess/);
  });

  it("refuses passwords built from the user's own name or email", () => {
    expect(passwordProblem('janesmith2024', ['jane.smith@winchester.gov.uk', 'Jane Smith'])).toMatch(/harder to guess/);
  });

  it('accepts the demo password', () => {
    expect(passwordProblem('hampshire-demo-2026', ['analyst.winchester@demo.csp-hub.test'])).toBeNull();
  });

  it('refuses absurdly long input', () => {
    expect(passwordProblem('a b c '.repeat(100))).toMatch(/at most 256/);
  });
});
