import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import type { AdapterName } from './load-policy.js';
import { LoadPolicy } from './load-policy.js';

/** A dataset and its feed created on every database, demo or not. */
export interface FeedDefinition {
  feed: { slug: string; title: string; adapter: AdapterName; policy: LoadPolicy };
  dataset: {
    slug: string;
    title: string;
    description: string;
    kind: DatasetKind;
    sensitivity: Sensitivity;
    lawfulBasis: string;
    owner: string;
  };
}

const POLICE_BASIS = 'Crime and Disorder Act 1998 s115 and s17A; DPA 2018 Part 3 (law enforcement processing). Published open data (Open Government Licence v3.0).';

export const BUILTIN_FEEDS: readonly FeedDefinition[] = [
  {
    feed: { slug: 'police-uk-street', title: 'police.uk street-level crime and ASB (monthly files)', adapter: 'police-uk-street', policy: LoadPolicy.ReplaceMonth },
    dataset: {
      slug: 'police-uk-street',
      title: 'Police recorded crime and ASB (street level)',
      description: 'Crimes and ASB incidents recorded by Hampshire and Isle of Wight Constabulary, as published monthly by police.uk: snapped locations, LSOA, category and last outcome.',
      kind: DatasetKind.PoliceStreet,
      sensitivity: Sensitivity.Official,
      lawfulBasis: POLICE_BASIS,
      owner: 'hiow-constabulary',
    },
  },
  {
    feed: { slug: 'police-uk-outcomes', title: 'police.uk outcomes (monthly files)', adapter: 'police-uk-outcomes', policy: LoadPolicy.ReplaceMonth },
    dataset: {
      slug: 'police-uk-outcomes',
      title: 'Police crime outcomes',
      description: 'Outcomes of crimes, by the month the outcome was recorded, as published by police.uk.',
      kind: DatasetKind.PoliceOutcomes,
      sensitivity: Sensitivity.Official,
      lawfulBasis: POLICE_BASIS,
      owner: 'hiow-constabulary',
    },
  },
  {
    feed: { slug: 'police-uk-stop-search', title: 'police.uk stop and search (monthly files)', adapter: 'police-uk-stop-search', policy: LoadPolicy.ReplaceMonth },
    dataset: {
      slug: 'police-uk-stop-search',
      title: 'Police stop and search',
      description: 'Stops and searches by Hampshire and Isle of Wight Constabulary, as published by police.uk.',
      kind: DatasetKind.StopAndSearch,
      sensitivity: Sensitivity.Official,
      lawfulBasis: POLICE_BASIS,
      owner: 'hiow-constabulary',
    },
  },
];
