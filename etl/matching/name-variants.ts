/**
 * Common English given-name variants and short forms, each mapped to one canonical form so that
 * "Bill Smith" at the council and "William Smith" at the housing provider give the same key.
 * Deliberately conservative: a short form that commonly stands for two different names
 * (e.g. "Alex", "Sam", "Chris", "Jo") is left alone, because guessing would link different people.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['richard', 'rick', 'ricky', 'dick', 'rich', 'richie'],
  ['katherine', 'catherine', 'kathryn', 'katharine', 'cathryn', 'kate', 'katie', 'kathy', 'cathy', 'kat', 'cath', 'kath', 'kitty'],
  ['elizabeth', 'liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bet', 'eliza', 'libby', 'elisabeth'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge', 'margo'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jon', 'johnny', 'jack', 'jonny'],
  ['jonathan', 'johnathan', 'jonathon'],
  ['michael', 'mike', 'mick', 'mikey', 'micky', 'mickey'],
  ['thomas', 'tom', 'tommy'],
  ['joseph', 'joe', 'joey'],
  ['anthony', 'tony', 'antony'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davy'],
  ['stephen', 'steven', 'steve', 'stevie'],
  ['matthew', 'matt', 'mathew'],
  ['andrew', 'andy', 'drew'],
  ['benjamin', 'ben', 'benny'],
  ['nicholas', 'nick', 'nicky', 'nicolas'],
  ['peter', 'pete'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['henry', 'harry', 'hal'],
  ['samuel', 'sammy'],
  ['timothy', 'tim', 'timmy'],
  ['gregory', 'greg'],
  ['patrick', 'pat', 'paddy'],
  ['lawrence', 'laurence', 'larry', 'laurie'],
  ['deborah', 'debbie', 'debra', 'deb'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['jennifer', 'jenny', 'jen', 'jenni'],
  ['susan', 'sue', 'susie', 'suzanne', 'suzie'],
  ['patricia', 'trish', 'tricia', 'patty'],
  ['victoria', 'vicky', 'vicki', 'tori'],
  ['christine', 'chrissie', 'christina', 'tina'],
  ['alexandra', 'sandra', 'alexa'],
  ['abigail', 'abby', 'abbie', 'gail'],
  ['amanda', 'mandy'],
  ['jacqueline', 'jackie', 'jacky'],
  ['frances', 'fran', 'frankie'],
  ['francis', 'frank'],
  ['zoe', 'zoey'],
  ['chloe', 'cloe'],
  ['sean', 'shaun', 'shawn'],
  ['siobhan', 'shivaun'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad'],
];

const CANONICAL: ReadonlyMap<string, string> = new Map(GROUPS.flatMap((g) => g.map((name) => [name, g[0]] as const)));

/** The canonical form of a folded given name ("bill" → "william"); the name itself when it has none. */
export function canonicalGivenName(folded: string): string {
  return CANONICAL.get(folded) ?? folded;
}

/** Every group, for tests and documentation. */
export const GIVEN_NAME_GROUPS = GROUPS;
