import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRequirement } from '../../src/auth/authenticated.decorator.js';

export interface RouteInfo {
  method: string;
  path: string;
  /** 'public', 'signed-in', a permission name, or 'UNDECLARED'. */
  access: string;
  /** The kind of API token the route also admits, if any. */
  apiToken?: string;
}

/** Every route of the running app, read from the controllers' own metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type || seen.has(type)) continue;
      seen.add(type);
      const base = joinPaths(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const access: AccessRequirement | undefined =
          Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, type);
        for (const p of [methodPath].flat()) {
          const apiToken = access && !access.public ? access.apiToken?.kind : undefined;
          routes.push({ method, path: `/api${joinPaths(base)}${joinPaths(p)}`.replace(/\/$/, ''), access: describe(access), ...(apiToken ? { apiToken } : {}) });
        }
      }
    }
  }
  return routes.sort((a, b) => (a.path + a.method).localeCompare(b.path + b.method));
}

function joinPaths(p: string | string[] | undefined): string {
  const s = [p ?? ''].flat()[0] ?? '';
  return s === '' || s === '/' ? '' : `/${s.replace(/^\/|\/$/g, '')}`;
}

function describe(access: AccessRequirement | undefined): string {
  if (!access) return 'UNDECLARED';
  if (access.public) return 'public';
  return access.permission ?? 'signed-in';
}

/** A concrete URL for a route pattern, with placeholder values for its parameters. */
export function concretePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    /id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'example',
  );
}
