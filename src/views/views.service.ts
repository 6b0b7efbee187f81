import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
import type { QueryResult } from '../query/query-result.js';
import { parseSpec, type QuerySpecInput, SpecError } from '../query/query-spec.js';
import { type QueryContext, QueryService } from '../query/query.service.js';
import type { User } from '../users/user.entity.js';
import type { SavedView } from './saved-view.entity.js';
import { sharedWith } from './sharing.js';
import { ViewPeople } from './view-people.js';
import type { CreateViewDto, RunViewDto, UpdateViewDto, ViewDto } from './views.dto.js';
import { ViewsRepository } from './views.repository.js';

const NOT_FOUND = () => notFound('view_not_found', 'There is no such saved view, or it has not been shared with you.');

/**
 * Saved views: a question and a chart, owned by one user who alone may change it, and shared
 * privately, with their organisation or with named users. Running a view runs its question as
 * the VIEWER, under the viewer's access policy: sharing a view shares the question, never data.
 */
@Injectable()
export class ViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: ViewsRepository,
    private readonly people: ViewPeople,
    private readonly queries: QueryService,
    private readonly audit: AuditService,
  ) {}

  async list(caller: AuthUser): Promise<ViewDto[]> {
    const [views, people] = await Promise.all([this.views.listVisibleViews(caller), this.people.directory()]);
    return views.map((v) => this.toDto(v, caller, people));
  }

  async get(caller: AuthUser, id: string): Promise<ViewDto> {
    return this.toDto(await this.visible(caller, id), caller, await this.people.directory());
  }

  /** A view the caller may see (own, shared with them, or on a dashboard of its owner's shared with them), or 404. */
  async visible(caller: AuthUser, id: string): Promise<SavedView> {
    const view = await this.views.findView(id);
    if (!view) throw NOT_FOUND();
    if (sharedWith(view, caller) || (await this.views.onVisibleDashboard(view.id, view.ownerId, caller))) return view;
    throw NOT_FOUND();
  }

  async create(caller: AuthUser, dto: CreateViewDto, address: string | null): Promise<ViewDto> {
    const query = checkQuery(dto.query);
    const sharing = await this.people.resolveSharing(dto.sharing, caller.id);
    const view = await this.dataSource.transaction(async (em) => {
      const created = await this.views.insertView(em, {
        ownerId: caller.id,
        organisationId: caller.organisationId,
        title: dto.title.trim(),
        description: dto.description?.trim() ?? '',
        query,
        chart: { type: dto.chart.type, options: dto.chart.options ?? {} },
        ...sharing,
      });
      await this.audit.record({ actor: actorOf(caller), action: 'view.created', target: { type: 'view', id: created.id }, details: { title: created.title, dataset: query.dataset, sharing: sharing.sharing, sharedWith: sharing.sharedWith }, address }, em);
      return created;
    });
    return this.toDto(view, caller, await this.people.directory());
  }

  async update(caller: AuthUser, id: string, dto: UpdateViewDto, address: string | null): Promise<ViewDto> {
    const view = await this.owned(caller, id);
    const changes: Partial<SavedView> = {};
    if (dto.title !== undefined) changes.title = dto.title.trim();
    if (dto.description !== undefined) changes.description = dto.description.trim();
    if (dto.query !== undefined) changes.query = checkQuery(dto.query);
    if (dto.chart !== undefined) changes.chart = { type: dto.chart.type, options: dto.chart.options ?? {} };
    if (dto.sharing !== undefined) Object.assign(changes, await this.people.resolveSharing(dto.sharing, caller.id));
    await this.dataSource.transaction(async (em) => {
      await this.views.updateView(em, id, changes);
      await this.audit.record({ actor: actorOf(caller), action: dto.sharing ? 'view.shared' : 'view.updated', target: { type: 'view', id }, details: { changed: Object.keys(changes), sharing: changes.sharing ?? view.sharing, sharedWith: changes.sharedWith ?? view.sharedWith }, address }, em);
    });
    return this.get(caller, id);
  }

  async remove(caller: AuthUser, id: string, address: string | null): Promise<void> {
    const view = await this.owned(caller, id);
    await this.dataSource.transaction(async (em) => {
      const dashboards = await this.views.removeViewFromDashboards(em, id);
      await this.views.deleteView(em, id);
      await this.audit.record({ actor: actorOf(caller), action: 'view.deleted', target: { type: 'view', id }, details: { title: view.title, removedFromDashboards: dashboards }, address }, em);
    });
  }

  /**
   * Runs a view's question as the caller, optionally narrowed by a dashboard's cross-filter. The
   * query engine applies the caller's own access policy and audits the answer.
   */
  async run(caller: AuthUser, id: string, extra: RunViewDto, context: QueryContext): Promise<QueryResult> {
    const view = await this.visible(caller, id);
    return this.queries.run(caller, narrow(view.query as QuerySpecInput, extra), context);
  }

  /** The view, if the caller owns it: 404 when they cannot see it, 403 when they can but do not own it. */
  private async owned(caller: AuthUser, id: string): Promise<SavedView> {
    const view = await this.visible(caller, id);
    if (view.ownerId !== caller.id) throw forbidden('not_owner', 'Only the person who saved this view can change or delete it. Save your own copy instead.');
    return view;
  }

  toDto(view: SavedView, caller: AuthUser, people: Map<string, User>): ViewDto {
    const mine = view.ownerId === caller.id;
    return {
      id: view.id,
      title: view.title,
      description: view.description,
      query: view.query,
      chart: { type: view.chart.type, options: view.chart.options ?? {} },
      sharing: this.people.sharingOut(view, mine, people),
      owner: this.people.ref(view.ownerId, people),
      mine,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}

/** The question, checked for shape now so a saved view cannot hold a malformed one. */
function checkQuery(body: Record<string, unknown>): QuerySpecInput & Record<string, unknown> {
  try {
    return parseSpec(body) as QuerySpecInput & Record<string, unknown>;
  } catch (err) {
    if (err instanceof SpecError) throw badRequest('invalid_query', err.message, { path: err.path });
    throw err;
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The view's question with a cross-filter added: filters appended, the time range intersected. */
export function narrow(query: QuerySpecInput, extra: RunViewDto): QuerySpecInput {
  const spec: QuerySpecInput = { ...query };
  if (extra.filters?.length) spec.filters = [...(query.filters ?? []), ...(extra.filters as QuerySpecInput['filters'] & object)];
  const range = extra.timeRange;
  if (range && (range.from || range.to)) {
    for (const m of [range.from, range.to]) if (m !== undefined && !MONTH.test(m)) throw badRequest('invalid_query', 'A time range is two months like 2025-03.');
    const from = [query.timeRange?.from, range.from].filter((m): m is string => !!m).sort().at(-1);
    const to = [query.timeRange?.to, range.to].filter((m): m is string => !!m).sort().at(0);
    spec.timeRange = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  return spec;
}
