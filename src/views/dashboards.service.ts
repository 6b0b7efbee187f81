import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, DomainError, forbidden, notFound } from '../common/domain-error.js';
import type { User } from '../users/user.entity.js';
import type { Dashboard, DashboardTile } from './dashboard.entity.js';
import { sharedWith } from './sharing.js';
import { ViewPeople } from './view-people.js';
import type { CreateDashboardDto, DashboardDto, TileDto, UpdateDashboardDto, ViewDto } from './views.dto.js';
import { ViewsRepository } from './views.repository.js';
import { ViewsService } from './views.service.js';

const NOT_FOUND = () => notFound('dashboard_not_found', 'There is no such dashboard, or it has not been shared with you.');

/**
 * Dashboards: an ordered grid of saved views, owned and shared like a view. Sharing a dashboard
 * lets its viewers see (and run, as themselves) its owner's views on it.
 */
@Injectable()
export class DashboardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ViewsRepository,
    private readonly views: ViewsService,
    private readonly people: ViewPeople,
    private readonly audit: AuditService,
  ) {}

  /** Dashboards the caller may see, without their views. */
  async list(caller: AuthUser): Promise<DashboardDto[]> {
    const [boards, people] = await Promise.all([this.repository.listVisibleDashboards(caller), this.people.directory()]);
    return boards.map((d) => this.toDto(d, caller, people, new Map()));
  }

  /** One dashboard with each tile's view, or `view: null` where the caller may not see it. */
  async get(caller: AuthUser, id: string): Promise<DashboardDto> {
    const board = await this.visible(caller, id);
    const people = await this.people.directory();
    const found = await this.repository.findViews([...new Set(board.viewIds)]);
    const views = new Map(found.filter((v) => sharedWith(v, caller) || v.ownerId === board.ownerId).map((v) => [v.id, this.views.toDto(v, caller, people)]));
    return this.toDto(board, caller, people, views);
  }

  async create(caller: AuthUser, dto: CreateDashboardDto, address: string | null): Promise<DashboardDto> {
    const layout = await this.checkLayout(caller, dto.layout);
    const sharing = await this.people.resolveSharing(dto.sharing, caller.id);
    const board = await this.dataSource.transaction(async (em) => {
      const created = await this.repository.insertDashboard(em, {
        ownerId: caller.id,
        organisationId: caller.organisationId,
        title: dto.title.trim(),
        description: dto.description?.trim() ?? '',
        layout,
        viewIds: layout.map((t) => t.viewId),
        ...sharing,
      });
      await this.audit.record({ actor: actorOf(caller), action: 'dashboard.created', target: { type: 'dashboard', id: created.id }, details: { title: created.title, views: created.viewIds, sharing: sharing.sharing, sharedWith: sharing.sharedWith }, address }, em);
      return created;
    });
    return this.get(caller, board.id);
  }

  async update(caller: AuthUser, id: string, dto: UpdateDashboardDto, address: string | null): Promise<DashboardDto> {
    const board = await this.owned(caller, id);
    const changes: Partial<Dashboard> = {};
    if (dto.title !== undefined) changes.title = dto.title.trim();
    if (dto.description !== undefined) changes.description = dto.description.trim();
    if (dto.layout !== undefined) {
      changes.layout = await this.checkLayout(caller, dto.layout);
      changes.viewIds = changes.layout.map((t) => t.viewId);
    }
    if (dto.sharing !== undefined) Object.assign(changes, await this.people.resolveSharing(dto.sharing, caller.id));
    await this.dataSource.transaction(async (em) => {
      await this.repository.updateDashboard(em, id, changes);
      await this.audit.record({ actor: actorOf(caller), action: dto.sharing ? 'dashboard.shared' : 'dashboard.updated', target: { type: 'dashboard', id }, details: { changed: Object.keys(changes), sharing: changes.sharing ?? board.sharing, sharedWith: changes.sharedWith ?? board.sharedWith }, address }, em);
    });
    return this.get(caller, id);
  }

  async remove(caller: AuthUser, id: string, address: string | null): Promise<void> {
    const board = await this.owned(caller, id);
    await this.dataSource.transaction(async (em) => {
      await this.repository.deleteDashboard(em, id);
      await this.audit.record({ actor: actorOf(caller), action: 'dashboard.deleted', target: { type: 'dashboard', id }, details: { title: board.title }, address }, em);
    });
  }

  private async visible(caller: AuthUser, id: string): Promise<Dashboard> {
    const board = await this.repository.findDashboard(id);
    if (!board || !sharedWith(board, caller)) throw NOT_FOUND();
    return board;
  }

  private async owned(caller: AuthUser, id: string): Promise<Dashboard> {
    const board = await this.visible(caller, id);
    if (board.ownerId !== caller.id) throw forbidden('not_owner', 'Only the person who made this dashboard can change or delete it.');
    return board;
  }

  /** Every tile must be a view the caller can see; 400 naming the first that is not. */
  private async checkLayout(caller: AuthUser, tiles: TileDto[]): Promise<DashboardTile[]> {
    for (const [i, t] of tiles.entries()) {
      try {
        await this.views.visible(caller, t.viewId);
      } catch (err) {
        if (err instanceof DomainError && err.status === 404) throw badRequest('view_not_found', `Tile ${i + 1} names a saved view you cannot see. Save the view first, or ask its owner to share it.`);
        throw err;
      }
    }
    return tiles.map((t) => ({ viewId: t.viewId, width: t.width }));
  }

  private toDto(board: Dashboard, caller: AuthUser, people: Map<string, User>, views: Map<string, ViewDto>): DashboardDto {
    const mine = board.ownerId === caller.id;
    return {
      id: board.id,
      title: board.title,
      description: board.description,
      layout: board.layout.map((t) => ({ viewId: t.viewId, width: t.width, view: views.get(t.viewId) ?? null })),
      sharing: this.people.sharingOut(board, mine, people),
      owner: this.people.ref(board.ownerId, people),
      mine,
      createdAt: board.createdAt.toISOString(),
      updatedAt: board.updatedAt.toISOString(),
    };
  }
}
