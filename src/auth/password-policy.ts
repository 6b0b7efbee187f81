import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

/**
 * NCSC-style password rules: a minimum length and a deny-list of guessable passwords (common
 * passwords, keyboard walks, the user's own name or email), and no composition rules.
 * Returns a sentence to show the user, or null when the password is acceptable.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. Three random words work well.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const inputs = userInputs.flatMap((s) => {
    const local = s.toLowerCase().split('@')[0];
    const parts = local.split(/[.\s_-]+/);
    return [local, parts.join(''), ...parts];
  });
  const result = zxcvbn.check(password, inputs.filter((s) => s.length >= 3));
  if (result.score < 3) {
    return 'Choose a password that is harder to guess: avoid common passwords, names and keyboard patterns. Three random words work well.';
  }
  return null;
}
