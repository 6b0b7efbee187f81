import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { DateInput, type DateParts, EMPTY_DATE, isBlank, isoOf } from '../components/date-input.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { DECISIONS_CHANGED } from '../components/layout.js';
import { capacityLabel } from './access-mine.js';
import { type AccessRequest, AREAS, formatDate, type GrantedTerms, type Level, LEVEL_LABELS, requestDataset } from './access-types.js';

const ORDER: Level[] = ['aggregate', 'record', 'identifiable'];

/** The terms on the table for this approver: the ask, narrowed by any earlier approval. */
export function termsOnTable(r: AccessRequest): GrantedTerms {
  return r.granted ?? { level: r.level, areas: r.areas, until: r.until, partial: false };
}

/**
 * Approve as asked, approve in part (a lower level, some of the areas, an earlier end), or refuse;
 * a note is always kept with the decision and sent to the requester. The API refuses anything
 * wider than what is on the table, whatever this form sends.
 */
export function DecisionForm({ request: r, onDecided }: { request: AccessRequest; onDecided: (message: string) => Promise<void> }) {
  const table = termsOnTable(r);
  const [mode, setMode] = useState<'full' | 'part'>('full');
  const [level, setLevel] = useState<Level>(table.level);
  const [areas, setAreas] = useState<string[]>(table.areas);
  const [until, setUntil] = useState<DateParts>(EMPTY_DATE);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = `decide-${r.id}`;
  const levels = ORDER.slice(0, ORDER.indexOf(table.level) + 1);
  const areaChoices = AREAS.filter((a) => table.areas.includes(a.code));

  const decide = async (outcome: 'approve' | 'refuse') => {
    const problems: FieldError[] = [];
    if (note.trim().length < 3) problems.push({ field: `${id}-note`, message: outcome === 'refuse' ? 'Say why you refuse, in at least 3 characters' : 'Give a note of at least 3 characters: the requester reads it' });
    const body: Record<string, unknown> = { note: note.trim() };
    if (outcome === 'approve' && mode === 'part') {
      if (!areas.length) problems.push({ field: `${id}-areas-0`, message: 'Choose at least one area to approve' });
      if (!isBlank(until)) {
        const iso = isoOf(until);
        if (!iso) problems.push({ field: `${id}-until-day`, message: 'The end date must be a real date, for example 31 3 2027' });
        else body.until = new Date(`${iso}T23:59:59Z`).toISOString();
      }
      if (level !== table.level) body.level = level;
      if (areas.length !== table.areas.length) body.areas = areas;
    }
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const after = await session.request<AccessRequest>('POST', `/api/governance/access-requests/${r.id}/${outcome}`, body);
      dispatchEvent(new Event(DECISIONS_CHANGED));
      const who = `${r.requesterEmail} (${requestDataset(r)}, ${r.level})`;
      const part = after.granted?.partial ? ' in part' : '';
      await onDecided(
        outcome === 'refuse'
          ? `You refused the request from ${who}.`
          : after.status === 'approved'
            ? `You approved the request from ${who}${part}. Their access starts now.`
            : `You approved the request from ${who}${part}. It still needs ${after.awaiting.map(capacityLabel).join(' and ')}.`,
      );
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
      setBusy(false);
    }
  };

  const toggleArea = (code: string, on: boolean) => setAreas(on ? [...areas, code] : areas.filter((a) => a !== code));
  return (
    <div data-testid="decision-form">
      <ErrorSummary errors={errors} />
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What to approve</legend>
          <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={`${id}-full`} type="radio" name={`${id}-mode`} checked={mode === 'full'} onChange={() => setMode('full')} />
              <label class="govuk-label govuk-radios__label" for={`${id}-full`}>
                Everything {r.granted ? 'approved so far' : 'asked for'}
              </label>
            </div>
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={`${id}-part`} type="radio" name={`${id}-mode`} checked={mode === 'part'} onChange={() => setMode('part')} />
              <label class="govuk-label govuk-radios__label" for={`${id}-part`}>
                Part of it: a lower level, fewer areas or an earlier end
              </label>
            </div>
          </div>
        </fieldset>
      </div>
      {mode === 'part' && (
        <div class="govuk-inset-text">
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Level</legend>
              <div class="govuk-radios govuk-radios--small">
                {levels.map((l) => (
                  <div class="govuk-radios__item" key={l}>
                    <input class="govuk-radios__input" id={`${id}-level-${l}`} type="radio" name={`${id}-level`} checked={level === l} onChange={() => setLevel(l)} />
                    <label class="govuk-label govuk-radios__label" for={`${id}-level-${l}`}>
                      {LEVEL_LABELS[l]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div class={`govuk-form-group${errors.some((e) => e.field === `${id}-areas-0`) ? ' govuk-form-group--error' : ''}`}>
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Areas</legend>
              <div class="govuk-checkboxes govuk-checkboxes--small">
                {areaChoices.map((a, i) => (
                  <div class="govuk-checkboxes__item" key={a.code}>
                    <input class="govuk-checkboxes__input" id={`${id}-areas-${i}`} type="checkbox" checked={areas.includes(a.code)} onChange={(e) => toggleArea(a.code, e.currentTarget.checked)} />
                    <label class="govuk-label govuk-checkboxes__label" for={`${id}-areas-${i}`}>
                      {a.name}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <DateInput
            id={`${id}-until`}
            legend="Access ends"
            hint={`Leave blank to keep ${formatDate(table.until)}. No later than that. For example, 31 3 2027`}
            value={until}
            onChange={setUntil}
            error={errors.find((e) => e.field === `${id}-until-day`)?.message}
          />
        </div>
      )}
      <div class={`govuk-form-group${errors.some((e) => e.field === `${id}-note`) ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for={`${id}-note`}>
          Note for the requester
        </label>
        <div class="govuk-hint" id={`${id}-note-hint`}>
          Kept with the decision and sent to {r.requesterEmail}. When you approve in part, say why.
        </div>
        <textarea class="govuk-textarea" id={`${id}-note`} rows={2} value={note} aria-describedby={`${id}-note-hint`} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button" data-module="govuk-button" disabled={busy} onClick={() => decide('approve')}>
          {mode === 'part' ? 'Approve in part' : 'Approve'}
          <span class="govuk-visually-hidden"> the request from {r.requesterEmail}</span>
        </button>
        <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" disabled={busy} onClick={() => decide('refuse')}>
          Refuse<span class="govuk-visually-hidden"> the request from {r.requesterEmail}</span>
        </button>
      </div>
    </div>
  );
}
