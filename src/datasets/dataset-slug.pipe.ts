import { Injectable, PipeTransform } from '@nestjs/common';
import { badRequest } from '../common/domain-error.js';

/** Accepts only well-formed dataset slugs in paths. */
@Injectable()
export class DatasetSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[a-z][a-z0-9-]{1,62}$/.test(value)) throw badRequest('invalid_slug', 'A dataset slug is lower case letters, digits and hyphens, like police-street.');
    return value;
  }
}
