import type { Organisation } from '../api/types.js';
import { useResource } from '../components/use-resource.js';
import { datasetLabel, type DatasetSummary } from './catalogue.js';

/** Names for people to read in place of the slugs some governance answers carry (a slug while loading). */
export interface Names {
  organisation: (slug: string | null | undefined) => string;
  /** "ASB case records — Winchester City Council" */
  dataset: (slug: string) => string;
}

export function useNames(): Names {
  const organisations = useResource<Organisation[]>('/api/organisations');
  const datasets = useResource<DatasetSummary[]>('/api/datasets');
  return {
    organisation: (slug) => (slug ? (organisations.data?.find((o) => o.slug === slug)?.name ?? slug) : ''),
    dataset: (slug) => {
      const d = datasets.data?.find((x) => x.slug === slug);
      return d ? datasetLabel(d) : slug;
    },
  };
}
