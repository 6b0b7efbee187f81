import { ApiProperty } from '@nestjs/swagger';
import { AccessLevel } from '../access/access-level.js';
import type { AreaScope, DatasetAccess, QueryScope } from '../access/access-policy.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import type { Dataset } from './dataset.entity.js';

export class DatasetOwnerDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class DatasetFieldDto {
  @ApiProperty() name: string;
  @ApiProperty() label: string;
  @ApiProperty() type: string;
  @ApiProperty() personal: boolean;
  @ApiProperty() dimension: boolean;
  @ApiProperty({ description: 'Whether the caller can see this column at their access level' }) visible: boolean;
}

export class DatasetAccessDto {
  @ApiProperty({ enum: AccessLevel, nullable: true, description: 'Highest level held in any area; null for none' }) level: AccessLevel | null;
  @ApiProperty({ enum: ['owner', 'grant', 'none'] }) basis: 'owner' | 'grant' | 'none';
  @ApiProperty({ description: '"all", or the ONS codes grouped questions cover', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], nullable: true })
  aggregateAreas: 'all' | string[] | null;
  @ApiProperty({ description: '"all", or the ONS codes row questions cover', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], nullable: true })
  recordAreas: 'all' | string[] | null;
  @ApiProperty({ description: 'Grouped answers go through disclosure control: small counts withheld, others perturbed (docs/disclosure-control.md)' }) suppressed: boolean;
}

export class DatasetSummaryDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: DatasetOwnerDto }) owner: DatasetOwnerDto;
  @ApiProperty() kind: string;
  @ApiProperty() sensitivity: string;
  @ApiProperty() lawfulBasis: string;
  @ApiProperty({ description: 'Already published as open data: counts-only callers get exact counts' }) openData: boolean;
  @ApiProperty() rowCount: number;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM' }) minMonth: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM' }) maxMonth: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastLoadedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], description: 'What the caller can group by' }) dimensions: string[];
  @ApiProperty({ type: [String], description: 'What the caller can measure' }) measures: string[];
  @ApiProperty({ type: DatasetAccessDto }) access: DatasetAccessDto;
}

export class DatasetDetailDto extends DatasetSummaryDto {
  @ApiProperty({ type: [DatasetFieldDto] }) fields: DatasetFieldDto[];
}

const month = (d: string | Date | null): string | null => (d === null ? null : (d instanceof Date ? d.toISOString() : String(d)).slice(0, 7));
const areaList = (s: QueryScope | null): 'all' | string[] | null => (s === null ? null : scopeAreas(s.areas));
const scopeAreas = (a: AreaScope): 'all' | string[] => (a.all ? 'all' : [...a.codes]);

/** Grouping names the caller can use: the aliases where they apply, then other dimensions. */
function dimensionsFor(columns: readonly ColumnSpec[]): string[] {
  const names = new Set(columns.filter((c) => c.dimension).map((c) => c.name));
  const out: string[] = [];
  if (names.has('month')) out.push('month', 'year');
  if (names.has('district_code')) out.push('district');
  // The reference dimensions every dataset with an LSOA code has (src/reference/reference-columns.ts).
  if (names.has('lsoa_code')) out.push('lsoa', 'lsoa11', 'ward', 'decile');
  if (names.has('longitude') && names.has('latitude')) out.push('point');
  for (const n of names) if (!['month', 'district_code', 'district_name', 'lsoa_code', 'lsoa_name'].includes(n)) out.push(n === 'source_org' ? 'source' : n);
  return out;
}

function measuresFor(scope: QueryScope | null): string[] {
  if (!scope) return [];
  if (scope.suppress) return ['count'];
  const numeric = scope.columns.filter((c) => c.type === 'integer' || c.type === 'double').map((c) => c.name);
  return ['count', ...scope.columns.filter((c) => c.dimension).map((c) => `count_distinct(${c.name})`), ...numeric.flatMap((n) => [`sum(${n})`, `avg(${n})`])];
}

export function toSummary(d: Dataset, owner: Organisation | undefined, access: DatasetAccess): DatasetSummaryDto {
  const scope = access.aggregate;
  return {
    slug: d.slug,
    title: d.title,
    description: d.description,
    owner: { id: d.ownerOrganisationId, slug: owner?.slug ?? '', name: owner?.name ?? '' },
    kind: d.kind,
    sensitivity: d.sensitivity,
    lawfulBasis: d.lawfulBasis,
    openData: d.openData,
    rowCount: d.rowCount,
    minMonth: month(d.minMonth),
    maxMonth: month(d.maxMonth),
    lastLoadedAt: d.lastLoadedAt?.toISOString() ?? null,
    version: d.version,
    dimensions: scope ? dimensionsFor(scope.columns) : [],
    measures: measuresFor(scope),
    access: {
      level: access.level,
      basis: access.basis,
      aggregateAreas: areaList(access.aggregate),
      recordAreas: areaList(access.records),
      suppressed: (access.aggregate?.suppress ?? false) && !d.openData,
    },
  };
}

export function toDetail(d: Dataset, owner: Organisation | undefined, access: DatasetAccess): DatasetDetailDto {
  const visible = new Set((access.records ?? access.aggregate)?.columns.map((c) => c.name) ?? []);
  return {
    ...toSummary(d, owner, access),
    fields: d.columns.map((c) => ({ name: c.name, label: c.label, type: c.type, personal: c.personal, dimension: c.dimension, visible: visible.has(c.name) })),
  };
}
