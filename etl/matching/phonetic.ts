/**
 * A sound skeleton of a folded word, so that small spelling differences in names still match:
 * "Smith"/"Smyth", "Phillips"/"Philips", "Jon"/"John", "Catherine"/"Katherine" give the same
 * skeleton. Keeps the first sound, removes later vowels and silent letters, merges letters that
 * sound alike and collapses repeats. Applied only together with the date of birth (people) or
 * the postcode (places), which keeps accidental collisions between different people rare.
 */
export function soundSkeleton(folded: string): string {
  let w = folded.replace(/[^a-z]/g, '');
  if (w === '') return '';
  w = w
    .replace(/^mac/, 'mc')
    .replace(/^kn/, 'n')
    .replace(/^wr/, 'r')
    .replace(/^ps/, 's')
    .replace(/ph/g, 'f')
    .replace(/gh/g, 'g')
    .replace(/ck/g, 'k')
    .replace(/sch/g, 'sk')
    .replace(/th/g, 't')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/v/g, 'f')
    .replace(/dg/g, 'j');
  const first = w[0];
  const rest = w.slice(1).replace(/[aeiouyhw]/g, '');
  return (first + rest).replace(/(.)\1+/g, '$1');
}

/**
 * A lighter skeleton for given names, which are short and where vowels tell names apart
 * ("John"/"Jane"): merges letters that sound alike, drops silent h and a final e, collapses repeats.
 */
export function givenNameSkeleton(folded: string): string {
  const w = folded
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/z/g, 's')
    .replace(/y/g, 'i')
    .replace(/(?<=.)h/g, '')
    .replace(/(?<=..)e$/, '');
  return w.replace(/(.)\1+/g, '$1');
}
