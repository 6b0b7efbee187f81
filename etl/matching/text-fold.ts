/**
 * Folding of free text written by different partners into one comparable form: Unicode
 * compatibility decomposition (NFKD) with combining marks removed, letters that do not decompose
 * spelled out, lower case, and punctuation inside words dropped ("O’Brien" → "obrien").
 */

const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower-case ASCII letters, digits and single spaces; accents removed, apostrophes and dots dropped. */
export function foldText(input: string): string {
  const decomposed = input.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const spelled = decomposed.replace(/[ßæœøłđðþı]/g, (c) => SPELLED[c] ?? c);
  return spelled
    .replace(/['’‘`´.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The folded words of `input`, in order. */
export function foldedTokens(input: string): string[] {
  const folded = foldText(input);
  return folded === '' ? [] : folded.split(' ');
}
