import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Dashboard } from './dashboard.entity.js';
import { SavedView } from './saved-view.entity.js';
import type { Viewer } from './sharing.js';

/** SQL form of `sharedWith()` for alias `t`, with parameters `me` and `org`. */
const VISIBLE = (t: string) =>
  `(${t}.owner_id = :me OR (${t}.sharing = 'organisation' AND ${t}.organisation_id = :org) OR (${t}.sharing = 'users' AND :me = ANY(${t}.shared_with)))`;

/** The one repository for `saved_views` and `dashboards` (a dashboard is a list of views). */
@Injectable()
export class ViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private views(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(SavedView);
  }

  private dashboards(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Dashboard);
  }

  insertView(em: EntityManager, view: Partial<SavedView>): Promise<SavedView> {
    return this.views(em).save(this.views(em).create(view));
  }

  async updateView(em: EntityManager, id: string, changes: Partial<SavedView>): Promise<void> {
    await this.views(em).update({ id }, changes as QueryDeepPartialEntity<SavedView>);
  }

  async deleteView(em: EntityManager, id: string): Promise<void> {
    await this.views(em).delete({ id });
  }

  findView(id: string, em?: EntityManager): Promise<SavedView | null> {
    return this.views(em).findOne({ where: { id } });
  }

  findViews(ids: string[]): Promise<SavedView[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.views().createQueryBuilder('v').where('v.id IN (:...ids)', { ids }).getMany();
  }

  /** Views the viewer owns or that are shared with them; newest first. */
  listVisibleViews(viewer: Viewer): Promise<SavedView[]> {
    return this.views()
      .createQueryBuilder('v')
      .where(VISIBLE('v'), { me: viewer.id, org: viewer.organisationId })
      .orderBy('v.updated_at', 'DESC')
      .addOrderBy('v.id', 'ASC')
      .getMany();
  }

  /**
   * Whether a dashboard of the view's own owner, visible to the viewer, shows this view: sharing
   * a dashboard shares its owner's views on it, never views someone else shared with the owner.
   */
  async onVisibleDashboard(viewId: string, viewOwnerId: string, viewer: Viewer): Promise<boolean> {
    const found = await this.dashboards()
      .createQueryBuilder('d')
      .where(':view = ANY(d.view_ids)', { view: viewId })
      .andWhere('d.owner_id = :owner', { owner: viewOwnerId })
      .andWhere(VISIBLE('d'), { me: viewer.id, org: viewer.organisationId })
      .getCount();
    return found > 0;
  }

  insertDashboard(em: EntityManager, dashboard: Partial<Dashboard>): Promise<Dashboard> {
    return this.dashboards(em).save(this.dashboards(em).create(dashboard));
  }

  async updateDashboard(em: EntityManager, id: string, changes: Partial<Dashboard>): Promise<void> {
    await this.dashboards(em).update({ id }, changes as QueryDeepPartialEntity<Dashboard>);
  }

  async deleteDashboard(em: EntityManager, id: string): Promise<void> {
    await this.dashboards(em).delete({ id });
  }

  findDashboard(id: string, em?: EntityManager): Promise<Dashboard | null> {
    return this.dashboards(em).findOne({ where: { id } });
  }

  listVisibleDashboards(viewer: Viewer): Promise<Dashboard[]> {
    return this.dashboards()
      .createQueryBuilder('d')
      .where(VISIBLE('d'), { me: viewer.id, org: viewer.organisationId })
      .orderBy('d.title', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }

  /** Removes a deleted view from every dashboard that showed it. */
  async removeViewFromDashboards(em: EntityManager, viewId: string): Promise<string[]> {
    const boards = await this.dashboards(em).createQueryBuilder('d').where(':view = ANY(d.view_ids)', { view: viewId }).getMany();
    for (const d of boards) {
      const layout = d.layout.filter((t) => t.viewId !== viewId);
      await this.dashboards(em).update({ id: d.id }, { layout, viewIds: layout.map((t) => t.viewId) } as QueryDeepPartialEntity<Dashboard>);
    }
    return boards.map((d) => d.id);
  }

  countDashboards(): Promise<number> {
    return this.dashboards().count();
  }
}
