import { GROUP_FROM, groupByOwner } from '../format.js';

/** One choice in a list of datasets or feeds: its value, the label people read, and its owner's name. */
export interface OwnedChoice {
  value: string;
  label: string;
  owner: string;
}

/**
 * `<option>`s for a `<select>` of datasets or feeds. A long list is grouped by owning organisation
 * (`<optgroup>`) when every choice has one; each option keeps the owner in its own text too, because the closed select shows
 * only the option.
 */
export function OwnedOptions({ choices }: { choices: readonly OwnedChoice[] }) {
  if (choices.length < GROUP_FROM || choices.some((c) => !c.owner))
    return (
      <>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </>
    );
  return (
    <>
      {groupByOwner(choices, (c) => c.owner, (c) => c.label).map((g) => (
        <optgroup key={g.owner} label={g.owner}>
          {g.items.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
