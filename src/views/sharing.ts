/**
 * Who may see a saved view or dashboard. Seeing one lets you run its question, never more: the
 * question always runs under the viewer's own access policy, so sharing never grants data.
 */
export enum SharingMode {
  /** The owner only. */
  Private = 'private',
  /** Everyone in the owner's organisation. */
  Organisation = 'organisation',
  /** The owner and the named users. */
  Users = 'users',
}

export const SHARING_MODES = Object.values(SharingMode);

/** The sharing fields every shareable item carries. */
export interface Shareable {
  ownerId: string;
  organisationId: string;
  sharing: SharingMode;
  sharedWith: string[];
}

export interface Viewer {
  id: string;
  organisationId: string;
}

/** Whether `viewer` may see `item` through its own sharing settings. */
export function sharedWith(item: Shareable, viewer: Viewer): boolean {
  if (item.ownerId === viewer.id) return true;
  switch (item.sharing) {
    case SharingMode.Organisation:
      return item.organisationId === viewer.organisationId;
    case SharingMode.Users:
      return item.sharedWith.includes(viewer.id);
    default:
      return false;
  }
}
