import type { AnswerMeta } from '../data/query.js';

/**
 * Says beside a figure how it was released: which counts are withheld, how far the others may be
 * from the truth and why, and how much of the organisation's daily question budget is left.
 */
export function DisclosureNote({ meta, withheld, compact = false }: { meta: AnswerMeta | undefined; withheld: number; compact?: boolean }) {
  const control = meta?.suppression;
  if (!control && withheld === 0) return null;
  const small = `counts from 1 to ${(control?.threshold ?? 5) - 1}`;
  const parts: string[] = [];
  if (withheld > 0) parts.push(`${withheld} ${withheld === 1 ? 'value is' : 'values are'} suppressed: ${small}, and any value that would reveal one, are hidden to protect the people in the data.`);
  if (control?.method === 'perturbation') {
    parts.push(
      `Your access to this data is counts only, so each count shown may differ from the true figure by up to ${control.baseError ?? control.maxError}${
        control.baseError !== undefined && control.maxError > control.baseError ? ` (up to ${control.maxError} where a count adds up parts, such as months or categories, of fewer than ${control.threshold})` : ''
      }${compact ? '' : ', a fixed amount for each figure: asking again gives the same answer'}, so that nobody can be identified by comparing answers.${withheld > 0 ? '' : ` ${small[0].toUpperCase()}${small.slice(1)} are withheld.`}`,
    );
  } else if (control?.method === 'rounding') {
    parts.push(`Counts are rounded to the nearest ${control.base}.`);
  }
  const budget = meta?.questionBudget;
  if (budget) {
    const left = Math.max(0, budget.limit - budget.used);
    parts.push(
      `Your organisation can ask ${left} more new ${left === 1 ? 'question' : 'questions'} of this data today (of ${budget.limit}); questions already asked today are free. The count starts again at midnight.`,
    );
  }
  if (compact) return <p class="govuk-body-s app-tile__note" data-testid="disclosure-note">{parts.join(' ')}</p>;
  return (
    <div class="govuk-inset-text" data-testid="disclosure-note">
      {parts.map((p) => (
        <p class="govuk-body">{p}</p>
      ))}
    </div>
  );
}
