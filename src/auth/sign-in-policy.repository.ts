import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Organisation-level sign-in rules that password sign-in must obey (set on the identity provider). */
@Injectable()
export class SignInPolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True when the organisation's identity provider is on and has switched hub passwords off. */
  async passwordsSwitchedOff(organisationId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM identity_providers WHERE organisation_id = $1 AND enabled AND NOT local_passwords`, [organisationId]);
    return Boolean(row);
  }
}
