import { Injectable, type PipeTransform } from '@nestjs/common';
import { badRequest } from '../common/domain-error.js';

/** `?district=E07000094&district=E06000044` or `?district=E07000094,E06000044` → codes; refuses anything else. */
@Injectable()
export class DistrictCodesPipe implements PipeTransform<unknown, string[]> {
  transform(value: unknown): string[] {
    if (value === undefined || value === '') return [];
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [null]));
    if (parts.length > 14 || parts.some((p) => p === null || !/^E0[6-9]\d{6}$/.test(p.trim()))) {
      throw badRequest('invalid_district', 'district must be up to 14 ONS area codes like E07000094, repeated or separated by commas.');
    }
    return parts.map((p) => p!.trim());
  }
}
